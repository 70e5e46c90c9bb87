package ai.buena.leads.events;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The wire formats of two schema registries, whose JSON serializers write the event's JSON text
 * after a header. JSON text never starts with a NUL or another control character, so a framed
 * value cannot be taken for plain JSON, or the reverse.
 *
 * <ul>
 *   <li>Confluent Schema Registry: a magic byte 0, the schema id as four big-endian bytes, then the
 *       value ({@code KafkaJsonSchemaSerializer}, and the JSON Schema serializers of the clients
 *       built on librdkafka).
 *   <li>AWS Glue Schema Registry: a version byte 3, a compression byte (0 none, 5 zlib), the schema
 *       version id as a 16-byte UUID, then the value, zlib-compressed when the byte says so.
 * </ul>
 *
 * <p>The schema is not looked up: the event is checked against events.md's rules as any other.
 * Avro or Protobuf behind a header is not JSON, and is refused naming the header.
 */
final class SchemaRegistryFraming {
  static final int CONFLUENT_HEADER = 5;
  static final int GLUE_HEADER = 18;
  private static final byte GLUE_VERSION = 3;
  private static final byte GLUE_UNCOMPRESSED = 0;
  private static final byte GLUE_ZLIB = 5;

  /**
   * A value's payload after its registry header.
   *
   * @param header what the header says, for messages: registry and schema id
   * @param bytes the payload is {@code bytes[from..bytes.length)}; null when {@code error} says why
   *     there is none
   */
  record Payload(String header, byte[] bytes, int from, EventError error) {
    Payload(String header, byte[] bytes, int from) {
      this(header, bytes, from, null);
    }
  }

  private SchemaRegistryFraming() {}

  /** The payload of a value framed by one of the registries, or null when it is not framed. */
  static Payload payload(byte[] value, int maxBytes) {
    if (value.length >= CONFLUENT_HEADER && value[0] == 0) {
      long id = Integer.toUnsignedLong(ByteBuffer.wrap(value, 1, 4).getInt());
      return new Payload(
          "a Confluent schema registry framing (schema id " + id + ")", value, CONFLUENT_HEADER);
    }
    if (value.length >= GLUE_HEADER
        && value[0] == GLUE_VERSION
        && (value[1] == GLUE_UNCOMPRESSED || value[1] == GLUE_ZLIB)) {
      ByteBuffer uuid = ByteBuffer.wrap(value, 2, 16);
      String header =
          "an AWS Glue schema registry framing (schema version "
              + new UUID(uuid.getLong(), uuid.getLong())
              + (value[1] == GLUE_ZLIB ? ", zlib" : "")
              + ")";
      if (value[1] == GLUE_UNCOMPRESSED) {
        return new Payload(header, value, GLUE_HEADER);
      }
      return inflated(header, value, GLUE_HEADER, maxBytes);
    }
    return null;
  }

  /** {@code value[from..]} inflated, refused once it passes {@code maxBytes} or is not zlib data. */
  private static Payload inflated(String header, byte[] value, int from, int maxBytes) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(value, from, value.length - from);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] chunk = new byte[16 * 1024];
      while (!inflater.finished()) {
        int n = inflater.inflate(chunk);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          return notZlib(header);
        }
        out.write(chunk, 0, n);
        if (out.size() > maxBytes) {
          return new Payload(
              header,
              null,
              0,
              new EventError(
                  EventError.TOO_LARGE,
                  "event behind " + header + " is more than " + maxBytes + " bytes inflated"));
        }
      }
      if (inflater.getRemaining() > 0) {
        return new Payload(
            header,
            null,
            0,
            new EventError(
                EventError.INVALID_JSON,
                "not valid JSON: trailing bytes after the zlib data behind " + header));
      }
      return new Payload(header, out.toByteArray(), 0);
    } catch (DataFormatException e) {
      return notZlib(header);
    } finally {
      inflater.end();
    }
  }

  private static Payload notZlib(String header) {
    return new Payload(
        header,
        null,
        0,
        new EventError(
            EventError.INVALID_JSON,
            "not valid JSON: the value starts with " + header + " but what follows is not zlib data"));
  }
}
