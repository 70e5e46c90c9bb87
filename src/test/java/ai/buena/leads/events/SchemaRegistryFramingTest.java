package ai.buena.leads.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** Events from producers that use Confluent Schema Registry's serializers. */
class SchemaRegistryFramingTest {
  private static final String LEAD = "lead_abc123";
  private static final String CREATED =
      "{\"eventId\":\"evt_01\",\"type\":\"LeadCreated\",\"leadId\":\"lead_abc123\","
          + "\"workspaceId\":\"ws_acme\",\"occurredAt\":\"2024-01-15T10:30:00Z\","
          + "\"data\":{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\"ada@example.com\","
          + "\"customFields\":{\"score\":1.50}}}";

  private static final UUID GLUE_ID = UUID.fromString("b7b4a7f0-0c3a-4e8e-9a55-2f1d6c0e4a11");

  private final EventParser parser = new EventParser();

  @Test
  void shouldReadTheJsonAfterTheFramingOfTheJsonSchemaSerializerAsThePlainEvent() {
    ParseResult framed = parser.parse(framed(100_001, CREATED.getBytes(UTF_8)), LEAD);
    ParseResult plain = parser.parse(CREATED.getBytes(UTF_8), LEAD);

    assertThat(framed).isInstanceOf(ParseResult.Valid.class).isEqualTo(plain);
  }

  @Test
  void shouldApplyTheFieldRulesToAFramedEvent() {
    byte[] json = CREATED.replace("ada@example.com", "not an address").getBytes(UTF_8);

    EventError error = errorOf(parser.parse(framed(7, json), LEAD));

    assertThat(error.code()).isEqualTo(EventError.INVALID_FIELD);
    assertThat(error.message()).contains("email");
  }

  @Test
  void shouldNameTheSchemaIdOfAFramedValueThatIsAvroRatherThanJson() {
    // an Avro record after the framing: zig-zag lengths and raw bytes, with NULs among them
    byte[] avro = {0x0c, 'e', 'v', 't', '_', '0', '1', 0x00, 0x16, 'L', 'e', 'a', 'd'};

    EventError error = errorOf(parser.parse(framed(4_000_000_000L, avro), LEAD));

    assertThat(error.code()).isEqualTo(EventError.INVALID_JSON);
    assertThat(error.message()).contains("schema registry framing (schema id 4000000000)");
  }

  @Test
  void shouldNameTheSchemaIdOfAFramedAvroValueWithoutNulBytes() {
    // an Avro record of strings only: a zig-zag length byte, then the characters
    byte[] avro = {0x0c, 'e', 'v', 't', '_', '0', '1', 0x16, 'L', 'e', 'a', 'd'};

    EventError error = errorOf(parser.parse(framed(43, avro), LEAD));

    assertThat(error.code()).isEqualTo(EventError.INVALID_JSON);
    assertThat(error.message()).contains("behind a Confluent schema registry framing (schema id 43)");
  }

  @Test
  void shouldNameTheGlueSchemaVersionOfAnAvroPayloadWithoutNulBytes() {
    byte[] value = glueFramed(new byte[] {0x0c, 'e', 'v', 't', '_', '0', '1'}, false);

    EventError error = errorOf(parser.parse(value, LEAD));

    assertThat(error.code()).isEqualTo(EventError.INVALID_JSON);
    assertThat(error.message()).contains("behind an AWS Glue schema registry framing (schema version " + GLUE_ID);
  }

  @Test
  void shouldRejectAFramedValueWhoseJsonIsCutOffAsJsonThatEnds() {
    byte[] json = CREATED.substring(0, 40).getBytes(UTF_8);

    EventError error = errorOf(parser.parse(framed(1, json), LEAD));

    assertThat(error.code()).isEqualTo(EventError.INVALID_JSON);
    assertThat(error.message())
        .contains("end-of-input")
        .contains("behind a Confluent schema registry framing (schema id 1)")
        .doesNotContain("Avro");
  }

  @Test
  void shouldRejectTheFramingWithNothingAfterItAsNoValue() {
    EventError error = errorOf(parser.parse(framed(1, new byte[0]), LEAD));

    assertThat(error.code()).isEqualTo(EventError.INVALID_JSON);
    assertThat(error.message()).contains("no value");
  }

  @Test
  void shouldReadAZlibPayloadOfExactlyTheEventLimit() {
    byte[] json = CREATED.getBytes(UTF_8);
    byte[] padded = Arrays.copyOf(json, EventParser.MAX_EVENT_BYTES);
    Arrays.fill(padded, json.length, padded.length, (byte) ' ');

    assertThat(parser.parse(glueFramed(padded, true), LEAD)).isInstanceOf(ParseResult.Valid.class);
  }

  @Test
  void shouldRejectBytesAfterTheZlibData() {
    byte[] compressed = deflated(CREATED.getBytes(UTF_8));
    byte[] trailing = Arrays.copyOf(compressed, compressed.length + 3);

    EventError error = errorOf(parser.parse(glueHeaderBefore(trailing, true), LEAD));

    assertThat(error.code()).isEqualTo(EventError.INVALID_JSON);
    assertThat(error.message()).contains("trailing bytes");
  }

  @Test
  void shouldStillRejectJsonInUtf16BigEndianWhichAlsoStartsWithANul() {
    byte[] utf16 = CREATED.getBytes(StandardCharsets.UTF_16BE);

    EventError error = errorOf(parser.parse(utf16, LEAD));

    assertThat(error.code()).isEqualTo(EventError.INVALID_JSON);
    assertThat(error.message()).contains("UTF-16");
  }

  @Test
  void shouldSayThatARecordWithoutAKeyHasNone() {
    EventError error = errorOf(parser.parse(CREATED.getBytes(UTF_8), null));

    assertThat(error.code()).isEqualTo(EventError.KEY_MISMATCH);
    assertThat(error.message()).contains("the record has no key");
  }

  @Test
  void shouldSayThatAKeyStartingWithTheFramingIsNotAPlainStringKey() {
    String framedKey = new String(framed(3, "\"lead_abc123\"".getBytes(UTF_8)), UTF_8);

    EventError error = errorOf(parser.parse(CREATED.getBytes(UTF_8), framedKey));

    assertThat(error.code()).isEqualTo(EventError.KEY_MISMATCH);
    assertThat(error.message()).contains("schema registry framing");
  }

  @Test
  void shouldReadTheJsonAfterTheHeaderOfTheGlueSchemaRegistry() {
    ParseResult glue = parser.parse(glueFramed(CREATED.getBytes(UTF_8), false), LEAD);

    assertThat(glue).isEqualTo(parser.parse(CREATED.getBytes(UTF_8), LEAD));
  }

  @Test
  void shouldReadTheZlibCompressedJsonAfterTheHeaderOfTheGlueSchemaRegistry() {
    ParseResult glue = parser.parse(glueFramed(CREATED.getBytes(UTF_8), true), LEAD);

    assertThat(glue).isEqualTo(parser.parse(CREATED.getBytes(UTF_8), LEAD));
  }

  @Test
  void shouldRefuseAZlibPayloadThatInflatesPastTheEventLimitAsTooLarge() {
    byte[] bomb = (CREATED + " ".repeat(EventParser.MAX_EVENT_BYTES)).getBytes(UTF_8);
    byte[] value = glueFramed(bomb, true);

    EventError error = errorOf(parser.parse(value, LEAD));

    assertThat(value.length).isLessThan(10_000);
    assertThat(error.code()).isEqualTo(EventError.TOO_LARGE);
    assertThat(error.message()).contains("AWS Glue");
  }

  @Test
  void shouldNameTheGlueSchemaVersionOfAPayloadThatIsNotJson() {
    byte[] value = glueFramed(new byte[] {0x0c, 'e', 'v', 't', 0x00, 0x02}, false);

    EventError error = errorOf(parser.parse(value, LEAD));

    assertThat(error.code()).isEqualTo(EventError.INVALID_JSON);
    assertThat(error.message()).contains("AWS Glue schema registry framing (schema version " + GLUE_ID);
  }

  @Test
  void shouldRefuseAGlueHeaderMarkedZlibWhosePayloadIsNotZlib() {
    EventError error = errorOf(parser.parse(glueHeaderBefore(CREATED.getBytes(UTF_8), true), LEAD));

    assertThat(error.code()).isEqualTo(EventError.INVALID_JSON);
    assertThat(error.message()).contains("zlib");
  }

  private static byte[] glueFramed(byte[] payload, boolean zlib) {
    return glueHeaderBefore(zlib ? deflated(payload) : payload, zlib);
  }

  /** Glue's header: version 3, compression 0 or 5, the schema version id; then {@code body}. */
  private static byte[] glueHeaderBefore(byte[] body, boolean markedZlib) {
    return ByteBuffer.allocate(18 + body.length)
        .put((byte) 3)
        .put((byte) (markedZlib ? 5 : 0))
        .putLong(GLUE_ID.getMostSignificantBits())
        .putLong(GLUE_ID.getLeastSignificantBits())
        .put(body)
        .array();
  }

  private static byte[] deflated(byte[] bytes) {
    Deflater deflater = new Deflater();
    deflater.setInput(bytes);
    deflater.finish();
    byte[] out = new byte[bytes.length + 64];
    int n = deflater.deflate(out);
    deflater.end();
    return Arrays.copyOf(out, n);
  }

  private static byte[] framed(long schemaId, byte[] payload) {
    return ByteBuffer.allocate(5 + payload.length)
        .put((byte) 0)
        .putInt((int) schemaId)
        .put(payload)
        .array();
  }

  private static EventError errorOf(ParseResult result) {
    assertThat(result).isInstanceOf(ParseResult.Invalid.class);
    return ((ParseResult.Invalid) result).error();
  }
}
