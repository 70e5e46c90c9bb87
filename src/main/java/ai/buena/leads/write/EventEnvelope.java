package ai.buena.leads.write;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** The bytes of one event of {@code lead-events}, in the envelope of events.md. */
final class EventEnvelope {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private EventEnvelope() {}

  /** @param data the event's data, or null for an event without (LeadDeleted: {@code {}}) */
  static byte[] bytes(
      String eventId,
      String type,
      String leadId,
      String workspaceId,
      Instant occurredAt,
      ObjectNode data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("eventId", eventId);
      g.writeStringField("type", type);
      g.writeStringField("leadId", leadId);
      g.writeStringField("workspaceId", workspaceId);
      g.writeStringField("occurredAt", occurredAt.toString());
      g.writeFieldName("data");
      if (data != null) {
        MAPPER.writeTree(g, data);
      } else {
        g.writeStartObject();
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
