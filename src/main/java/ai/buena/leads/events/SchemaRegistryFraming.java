package ai.buena.leads.events;

/**
 * Confluent Schema Registry's wire format: a magic byte 0, the schema id as four big-endian bytes,
 * then the serialized value. Its JSON Schema serializer ({@code KafkaJsonSchemaSerializer}, and the
 * clients built on librdkafka with their JSON Schema serializer) writes the event's JSON text there,
 * so such a value is read as the JSON after its five bytes. JSON text itself never starts with a
 * NUL byte, so the two cannot be confused; Avro and Protobuf after the framing are not JSON and are
 * refused.
 */
final class SchemaRegistryFraming {
  static final int LENGTH = 5;

  private SchemaRegistryFraming() {}

  /** Whether {@code bytes} start with the magic byte and have room for a schema id. */
  static boolean framed(byte[] bytes) {
    return bytes != null && bytes.length >= LENGTH && bytes[0] == 0;
  }

  /** The schema id of a {@link #framed} value, as the registry prints it (unsigned). */
  static long schemaId(byte[] bytes) {
    return ((bytes[1] & 0xFFL) << 24)
        | ((bytes[2] & 0xFFL) << 16)
        | ((bytes[3] & 0xFFL) << 8)
        | (bytes[4] & 0xFFL);
  }

  /** Whether {@code bytes} are a framed value with JSON text after the framing. */
  static boolean framedJsonText(byte[] bytes) {
    return framed(bytes) && Utf8.jsonText(bytes, LENGTH, bytes.length);
  }
}
