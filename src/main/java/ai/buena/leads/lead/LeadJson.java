package ai.buena.leads.lead;

import ai.buena.leads.events.InstantText;
import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lead as JSON, with the API's fields in the API's order ({@code list-leads.md}), optionally
 * followed by {@code workspaceId} (the form of the store and of {@code lead-projections}).
 */
public final class LeadJson {
  /**
   * Reads numbers longer than events may hold: a lead stored before custom numbers were bounded
   * by their written length may hold one of up to ~1,010 characters.
   */
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(10_000).build())
          .build();

  private LeadJson() {}

  public static byte[] toBytes(Lead lead, boolean withWorkspace) {
    ByteArrayBuilder out = new ByteArrayBuilder(512);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, lead, withWorkspace);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static void write(JsonGenerator g, Lead lead, boolean withWorkspace) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", lead.id());
    g.writeStringField("firstName", lead.firstName());
    g.writeStringField("lastName", lead.lastName());
    g.writeStringField("email", lead.email());
    g.writeStringField("linkedinUrl", lead.linkedinUrl());
    g.writeStringField("company", lead.company());
    g.writeStringField("title", lead.title());
    g.writeStringField("phone", lead.phone());
    g.writeStringField("location", lead.location());
    g.writeStringField("status", lead.status().wire());
    g.writeStringField("source", lead.source().wire());
    g.writeStringField("notes", lead.notes());
    g.writeArrayFieldStart("tags");
    for (String tag : lead.tags()) {
      g.writeString(tag);
    }
    g.writeEndArray();
    g.writeObjectFieldStart("customFields");
    for (Map.Entry<String, Object> field : lead.customFields().entrySet()) {
      g.writeFieldName(field.getKey());
      writeScalar(g, field.getValue());
    }
    g.writeEndObject();
    g.writeStringField("createdAt", text(lead.createdAt()));
    g.writeStringField("updatedAt", text(lead.updatedAt()));
    g.writeStringField("lastContactedAt", text(lead.lastContactedAt()));
    if (withWorkspace) {
      g.writeStringField("workspaceId", lead.workspaceId());
    }
    g.writeEndObject();
  }

  /**
   * How the stored form of a lead of {@code workspaceId} ends after its API fields: {@code
   * ,"workspaceId":"…"}} as {@link #toBytes} writes it.
   */
  public static byte[] storedSuffix(String workspaceId) {
    ByteArrayBuilder out = new ByteArrayBuilder(64);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("workspaceId", workspaceId);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] suffix = out.toByteArray();
    suffix[0] = ',';
    return suffix;
  }

  /**
   * The length of the answer form's fields within a stored lead: its bytes up to {@code suffix}
   * ({@link #storedSuffix} of its workspace); the answer form ({@code toBytes(lead, false)}) is
   * these bytes and a closing brace. -1 when the stored JSON is not of that shape.
   */
  public static int answerFieldsLength(byte[] stored, byte[] suffix) {
    int fields = stored.length - suffix.length;
    if (fields < 1 || stored[0] != '{') {
      return -1;
    }
    return java.util.Arrays.equals(stored, fields, stored.length, suffix, 0, suffix.length)
        ? fields
        : -1;
  }

  public static Lead fromBytes(byte[] bytes) {
    try (JsonParser p = FACTORY.createParser(bytes)) {
      return read(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads one lead object; the parser is before it or on its START_OBJECT. */
  public static Lead read(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      expect(p.nextToken(), JsonToken.START_OBJECT);
    }
    String id = null;
    String workspaceId = null;
    String firstName = null;
    String lastName = null;
    String email = null;
    String linkedinUrl = null;
    String company = null;
    String title = null;
    String phone = null;
    String location = null;
    String status = null;
    String source = null;
    String notes = null;
    String createdAt = null;
    String updatedAt = null;
    String lastContactedAt = null;
    List<String> tags = List.of();
    Map<String, Object> custom = Map.of();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken token = p.nextToken();
      switch (name) {
        case "tags" -> tags = readTags(p);
        case "customFields" -> custom = readCustomFields(p);
        case "id" -> id = text(p, token);
        case "workspaceId" -> workspaceId = text(p, token);
        case "firstName" -> firstName = text(p, token);
        case "lastName" -> lastName = text(p, token);
        case "email" -> email = text(p, token);
        case "linkedinUrl" -> linkedinUrl = text(p, token);
        case "company" -> company = text(p, token);
        case "title" -> title = text(p, token);
        case "phone" -> phone = text(p, token);
        case "location" -> location = text(p, token);
        case "status" -> status = text(p, token);
        case "source" -> source = text(p, token);
        case "notes" -> notes = text(p, token);
        case "createdAt" -> createdAt = text(p, token);
        case "updatedAt" -> updatedAt = text(p, token);
        case "lastContactedAt" -> lastContactedAt = text(p, token);
        default -> p.skipChildren();
      }
    }
    return new Lead(
        id,
        workspaceId,
        firstName,
        lastName,
        email,
        linkedinUrl,
        company,
        title,
        phone,
        location,
        LeadStatus.fromWire(status).orElseThrow(),
        LeadSource.fromWire(source).orElseThrow(),
        notes,
        tags,
        custom,
        instant(createdAt),
        instant(updatedAt),
        instant(lastContactedAt));
  }

  /** The current value's text; null for JSON's null. */
  private static String text(JsonParser p, JsonToken token) throws IOException {
    return token == JsonToken.VALUE_NULL ? null : p.getText();
  }

  private static List<String> readTags(JsonParser p) throws IOException {
    List<String> tags = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      tags.add(p.getText());
    }
    return tags;
  }

  private static Map<String, Object> readCustomFields(JsonParser p) throws IOException {
    Map<String, Object> fields = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken token = p.nextToken();
      fields.put(
          key,
          switch (token) {
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                ? new BigDecimal(p.getBigIntegerValue())
                : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDecimalValue();
            default -> p.getText();
          });
    }
    return fields;
  }

  private static void writeScalar(JsonGenerator g, Object value) throws IOException {
    if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof Long l) {
      g.writeNumber(l);
    } else if (value instanceof Integer i) {
      g.writeNumber(i);
    } else if (value instanceof BigDecimal d) {
      g.writeNumber(d);
    } else if (value instanceof Number n) {
      g.writeNumber(n.toString());
    } else {
      g.writeString(String.valueOf(value));
    }
  }

  private static void expect(JsonToken actual, JsonToken expected) throws IOException {
    if (actual != expected) {
      throw new IOException("expected " + expected + " but found " + actual);
    }
  }

  private static String text(Instant instant) {
    return instant == null ? null : InstantText.format(instant);
  }

  private static Instant instant(String text) {
    return text == null ? null : InstantText.parse(text);
  }
}
