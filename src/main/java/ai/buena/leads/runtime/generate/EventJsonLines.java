package ai.buena.leads.runtime.generate;

import ai.buena.leads.events.LeadEvent;
import ai.buena.leads.events.LeadField;
import ai.buena.leads.events.LeadPatch;
import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes events as compact one-line JSON in the envelope of {@code events.md}, fields in the order
 * eventId, type, leadId, workspaceId, occurredAt, data. Non-ASCII characters are escaped, so a line
 * is the same bytes whatever the output charset. One instance per thread.
 */
public final class EventJsonLines {
  private static final JsonFactory JSON =
      new JsonFactoryBuilder()
          .rootValueSeparator((String) null)
          .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
          .build();

  private final StringWriter buffer = new StringWriter(1024);
  private final JsonGenerator json;

  public EventJsonLines() {
    try {
      json = JSON.createGenerator(buffer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String toLine(LeadEvent event) {
    try {
      writeEnvelope(event);
      json.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String line = buffer.toString();
    buffer.getBuffer().setLength(0);
    return line;
  }

  private void writeEnvelope(LeadEvent event) throws IOException {
    json.writeStartObject();
    json.writeStringField("eventId", event.eventId());
    json.writeStringField("type", event.type());
    json.writeStringField("leadId", event.leadId());
    json.writeStringField("workspaceId", event.workspaceId());
    json.writeStringField("occurredAt", event.occurredAt().toString());
    json.writeFieldName("data");
    writeData(event);
    json.writeEndObject();
  }

  private void writeData(LeadEvent event) throws IOException {
    if (event instanceof LeadEvent.Created created) {
      writePatch(created.data());
    } else if (event instanceof LeadEvent.Updated updated) {
      writePatch(updated.patch());
    } else if (event instanceof LeadEvent.Contacted contacted) {
      json.writeStartObject();
      if (contacted.channel() != null) {
        json.writeStringField("channel", contacted.channel());
      }
      if (contacted.note() != null) {
        json.writeStringField("note", contacted.note());
      }
      json.writeEndObject();
    } else {
      json.writeStartObject();
      json.writeEndObject();
    }
  }

  private void writePatch(LeadPatch patch) throws IOException {
    json.writeStartObject();
    for (Map.Entry<LeadField, Object> field : patch.values().entrySet()) {
      json.writeFieldName(field.getKey().json());
      writeValue(field.getValue());
    }
    json.writeEndObject();
  }

  private void writeValue(Object value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (value instanceof String text) {
      json.writeString(text);
    } else if (value instanceof LeadStatus status) {
      json.writeString(status.wire());
    } else if (value instanceof LeadSource source) {
      json.writeString(source.wire());
    } else if (value instanceof Boolean flag) {
      json.writeBoolean(flag);
    } else if (value instanceof Integer number) {
      json.writeNumber(number);
    } else if (value instanceof Long number) {
      json.writeNumber(number);
    } else if (value instanceof Double number) {
      json.writeNumber(number);
    } else if (value instanceof List<?> items) {
      json.writeStartArray();
      for (Object item : items) {
        writeValue(item);
      }
      json.writeEndArray();
    } else if (value instanceof Map<?, ?> object) {
      json.writeStartObject();
      for (Map.Entry<?, ?> entry : object.entrySet()) {
        json.writeFieldName((String) entry.getKey());
        writeValue(entry.getValue());
      }
      json.writeEndObject();
    } else {
      throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
    }
  }
}
