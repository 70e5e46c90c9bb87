package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.EventParser;
import ai.buena.leads.events.ParseResult;
import ai.buena.leads.projection.DedupeEntries;
import ai.buena.leads.query.UnavailableException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An Idempotency-Key reused with another body is refused (409) on any instance, not only on the one
 * that answered first: two servers share one log and one stand-in projection that applies every
 * appended event at once, its de-duplication keeping the first event of an id.
 */
class IdempotencyAcrossInstancesTest {
  private static final String CREATE =
      "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\"ada@example.com\"}";
  private static final String OTHER_CREATE = CREATE.replace("Ada", "Grace");

  private WritingApi first;
  private WritingApi second;
  private String writer;

  @BeforeEach
  void start() {
    first = new WritingApi();
    second = new WritingApi(first);
    writer = first.keys.issue(WorkspaceLeads.ALPHA, "leads:read", "leads:write");
  }

  @AfterEach
  void stop() {
    second.close();
    first.close();
  }

  private static ApiResponse post(WritingApi api, String key, String body, String idempotencyKey) {
    return api.send("POST", "/api/v2/leads", key, body, "Idempotency-Key", idempotencyKey);
  }

  private String eventId(int index) {
    RecordingEventLog.Produced produced = first.events.records.get(index);
    return ((ParseResult.Valid) new EventParser().parse(produced.value(), produced.key()))
        .event()
        .eventId();
  }

  @Test
  void shouldAnswer409OnAnotherInstanceToTheSameKeyWithAnotherBodyAndProduceNothing() {
    post(first, writer, CREATE, "order-1");

    ApiResponse reused = post(second, writer, OTHER_CREATE, "order-1");

    assertThat(reused.status()).as(reused.body()).isEqualTo(409);
    assertThat(reused.json().get("code").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(first.events.records).hasSize(1);
  }

  @Test
  void shouldAnswerARetryWithTheSameBodyOnAnotherInstanceWithTheSameLead() {
    ApiResponse created = post(first, writer, CREATE, "order-2");

    ApiResponse retried = post(second, writer, CREATE, "order-2");

    assertThat(retried.status()).as(retried.body()).isEqualTo(201);
    assertThat(retried.json().at("/data/id").asText())
        .isEqualTo(created.json().at("/data/id").asText());
    assertThat(eventId(1)).isEqualTo(eventId(0));
  }

  @Test
  void shouldAnswer409ToAnUpdateWhoseKeyAnotherInstanceUsedWithAnotherPatch() {
    String path = "/api/v2/leads/" + WorkspaceLeads.JOHN.id();
    first.send("PUT", path, writer, "{\"title\":\"CTO\"}", "Idempotency-Key", "promote-1");

    ApiResponse reused =
        second.send("PUT", path, writer, "{\"title\":\"CEO\"}", "Idempotency-Key", "promote-1");

    assertThat(reused.status()).as(reused.body()).isEqualTo(409);
    assertThat(first.events.records).hasSize(1);
  }

  @Test
  void shouldCarryTheRequestFingerprintInAHeaderOfKeyedWritesOnly() {
    post(first, writer, CREATE, "order-3");
    first.send("POST", "/api/v2/leads", writer, CREATE);

    assertThat(first.events.records.get(0).headers().get(DedupeEntries.FINGERPRINT_HEADER))
        .matches("[0-9a-f]{64}");
    assertThat(first.events.records.get(1).headers())
        .doesNotContainKey(DedupeEntries.FINGERPRINT_HEADER);
  }

  @Test
  void shouldAnswer409WhenAConcurrentRequestWithAnotherBodyWasAppliedFirst() {
    // the other body's request passed the same check an instant earlier and its event comes first
    first.events.beforeNextAppend(() -> post(second, writer, OTHER_CREATE, "order-4"));

    ApiResponse lost = post(first, writer, CREATE, "order-4");

    assertThat(lost.status()).as(lost.body()).isEqualTo(409);
    assertThat(lost.json().get("code").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(first.events.records).hasSize(2);
    assertThat(eventId(1)).isEqualTo(eventId(0));
  }

  @Test
  void shouldAnswer503AndProduceNothingWhenTheLeadsOwnerCannotSayWhetherTheKeyWasUsed() {
    first.queries.failWith(new UnavailableException("partition 0 restoring", Duration.ofSeconds(1)));

    ApiResponse response = post(first, writer, CREATE, "order-5");

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.header("Retry-After")).contains("1");
    assertThat(first.events.records).isEmpty();
  }

  @Test
  void shouldAnswer503SayingTheWriteMayHaveBeenAppliedWhenTheProjectionCannotConfirmIt() {
    first.events.beforeNextAppend(
        () -> first.queries.failWith(new UnavailableException("moved", Duration.ofSeconds(1))));

    ApiResponse response = post(first, writer, CREATE, "order-6");

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.json().get("message").asText())
        .startsWith("The write was acknowledged, but the projection did not confirm it in time")
        .contains("may or may not have been applied")
        .contains("same Idempotency-Key");
    assertThat(first.events.records).hasSize(1);
  }

  @Test
  void shouldNotAskTheOwnerAboutAWriteWithoutIdempotencyKey() {
    first.queries.failWith(new UnavailableException("unused", Duration.ofSeconds(1)));

    ApiResponse response = first.send("POST", "/api/v2/leads", writer, CREATE);

    assertThat(response.status()).as(response.body()).isEqualTo(201);
    assertThat(Map.copyOf(first.events.records.get(0).headers())).containsKey("source");
  }
}
