package ai.buena.leads.auth;

import ai.buena.leads.events.InstantText;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A key record as it travels on {@code lead-api-keys}: the Kafka key is the key's hash (hex), the
 * value {@code {"id", "workspaceId", "permissions" (sorted), "name", "createdAt", "revoked"}}. The
 * clear key is never part of it.
 */
public final class ApiKeyCodec {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ApiKeyCodec() {}

  public static byte[] encode(ApiKeyRecord record) {
    ByteArrayBuilder out = new ByteArrayBuilder(256);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("id", record.id());
      g.writeStringField("workspaceId", record.workspaceId());
      g.writeArrayFieldStart("permissions");
      for (String permission : new TreeSet<>(record.permissions())) {
        g.writeString(permission);
      }
      g.writeEndArray();
      g.writeStringField("name", record.name());
      g.writeStringField("createdAt", record.createdAt().toString());
      g.writeBooleanField("revoked", record.revoked());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * The record, if it is one {@code keys create} could have written: the JSON {@link #encode}
   * writes, its id derived from its hash, a valid workspace id and known permissions only. A record
   * written by hand to the topic in another form (a typo in a permission, a workspace the API
   * cannot name, another key's id) grants nothing.
   *
   * @throws MalformedKeyRecordException when it is not
   */
  public static ApiKeyRecord decode(String keyHash, byte[] value) {
    ApiKeyRecord record = parse(keyHash, value);
    if (!ApiKeyFormat.isKeyHash(keyHash)) {
      throw new MalformedKeyRecordException("its Kafka key is not a key hash");
    }
    if (!record.id().equals(ApiKeyFormat.keyId(keyHash))) {
      throw new MalformedKeyRecordException("id is not the one its hash gives");
    }
    if (!KeyGrant.isWorkspaceId(record.workspaceId())) {
      throw new MalformedKeyRecordException("workspaceId is not a workspace id");
    }
    for (String permission : record.permissions()) {
      if (!KnownPermissions.isKnown(permission)) {
        throw new MalformedKeyRecordException("a permission is not a known one");
      }
    }
    return record;
  }

  private static ApiKeyRecord parse(String keyHash, byte[] value) {
    JsonNode json;
    try {
      json = MAPPER.readTree(value);
    } catch (JsonProcessingException e) {
      throw new MalformedKeyRecordException("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (json == null || !json.isObject()) {
      throw new MalformedKeyRecordException("not a JSON object");
    }
    return new ApiKeyRecord(
        keyHash,
        text(json, "id"),
        text(json, "workspaceId"),
        permissions(json),
        text(json, "name"),
        instant(json, "createdAt"),
        bool(json, "revoked"));
  }

  private static String text(JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (node == null || !node.isTextual()) {
      throw new MalformedKeyRecordException(field + " must be a string");
    }
    return node.textValue();
  }

  private static boolean bool(JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (node == null || !node.isBoolean()) {
      throw new MalformedKeyRecordException(field + " must be true or false");
    }
    return node.booleanValue();
  }

  private static Instant instant(JsonNode json, String field) {
    try {
      return InstantText.parse(text(json, field));
    } catch (DateTimeParseException e) {
      throw new MalformedKeyRecordException(field + " must be an ISO-8601 instant");
    }
  }

  private static SortedSet<String> permissions(JsonNode json) {
    JsonNode node = json.get("permissions");
    if (node == null || !node.isArray()) {
      throw new MalformedKeyRecordException("permissions must be an array of strings");
    }
    SortedSet<String> permissions = new TreeSet<>();
    for (JsonNode permission : node) {
      if (!permission.isTextual()) {
        throw new MalformedKeyRecordException("permissions must be an array of strings");
      }
      permissions.add(permission.textValue());
    }
    return Collections.unmodifiableSortedSet(permissions);
  }
}
