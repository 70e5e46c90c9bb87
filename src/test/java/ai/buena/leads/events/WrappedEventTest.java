package ai.buena.leads.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Events that a producer's tooling wrapped or encoded once too often: named as such. */
class WrappedEventTest {
  private static final String LEAD = "lead_abc123";
  private static final String CREATED =
      "{\"eventId\":\"evt_01\",\"type\":\"LeadCreated\",\"leadId\":\"lead_abc123\","
          + "\"workspaceId\":\"ws_acme\",\"occurredAt\":\"2024-01-15T10:30:00Z\",\"data\":{}}";

  private final EventParser parser = new EventParser();

  @Test
  void shouldNameKafkaConnectsSchemaAndPayloadEnvelope() {
    String wrapped = "{\"schema\":{\"type\":\"struct\",\"fields\":[]},\"payload\":" + CREATED + "}";

    EventError error = errorOf(wrapped);

    assertThat(error.code()).isEqualTo(EventError.INVALID_ENVELOPE);
    assertThat(error.message()).contains("schemas.enable=false");
  }

  @Test
  void shouldNameAnEventEncodedTwiceAsAJsonString() {
    String twice = "\"" + CREATED.replace("\"", "\\\"") + "\"";

    EventError error = errorOf(twice);

    assertThat(error.code()).isEqualTo(EventError.NOT_AN_OBJECT);
    assertThat(error.message()).contains("encoded twice");
  }

  @Test
  void shouldKeepThePlainMessagesForOtherStringsAndObjects() {
    assertThat(errorOf("\"hello\"").message()).isEqualTo("the event is not a JSON object");
    assertThat(errorOf("{\"schema\":1,\"payload\":\"x\"}").message()).startsWith("eventId must be");
  }

  private EventError errorOf(String value) {
    ParseResult result = parser.parse(value.getBytes(UTF_8), LEAD);
    assertThat(result).isInstanceOf(ParseResult.Invalid.class);
    return ((ParseResult.Invalid) result).error();
  }
}
