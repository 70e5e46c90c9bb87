package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.runtime.kafka.EmbeddedKafkaBroker;
import ai.buena.leads.testing.EventJson;
import ai.buena.leads.testing.HttpCalls;
import ai.buena.leads.testing.PublishedEvents;
import ai.buena.leads.testing.ServiceCluster;
import ai.buena.leads.testing.ServiceProcess;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real service ({@code java -jar ... serve}) with no heap for its filters of seen event ids
 * ({@code -Dleads.dedupe.filter.mib=0}): every task's filter is dropped at its first id and every
 * de-duplication lookup reads the event-ids store. Re-sent copies of applied events (same {@code
 * eventId}, other content) are still ignored, before and after a restart, and new events behind
 * them applied (events.md: a re-sent event within the window is ignored, even after later events).
 */
class SeenEventFilterLimitIT {
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final String SECRET = "seen-event-filter-limit-it-secret-0123456789";
  private static final int LEADS = 40;
  private static final Pattern STORE_LOOKUPS =
      Pattern.compile("leads_events_dedupe_lookups_total\\{answered_by=\"store\"[^}]*} ([0-9.E]+)");
  private static final Pattern FILTER_LOOKUPS =
      Pattern.compile("leads_events_dedupe_lookups_total\\{answered_by=\"filter\"[^}]*} ([0-9.E]+)");
  private static final Pattern FILTER_BYTES = Pattern.compile("(?m)^leads_dedupe_filter_bytes(?:\\{[^}]*})? ([0-9.E]+)");

  @TempDir static Path shared;
  private static EmbeddedKafkaBroker kafka;

  @TempDir Path dir;
  private ServiceCluster cluster;
  private ServiceProcess service;
  private String workspace;
  private String key;
  private List<String> leadIds;

  @BeforeAll
  static void broker() {
    kafka = EmbeddedKafkaBroker.start(shared.resolve("kafka"), 0);
    ServiceCluster.provisionTopics(kafka.bootstrapServers());
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @AfterEach
  void stopService() {
    cluster.close();
  }

  @Test
  void shouldIgnoreResentEventsThroughItsStoreWhenItsFiltersMayTakeNoHeap(TestInfo test) {
    startWithLeadsNamedOriginal(test);
    double storeLookups = metric(STORE_LOOKUPS);
    double filterAnswers = metric(FILTER_LOOKUPS);

    publishCopiesNamedCopyThenTitles("After");

    assertCopiesIgnoredThroughTheStore("After", storeLookups);
    assertThat(metric(FILTER_LOOKUPS)).as("lookups answered by a filter since").isEqualTo(filterAnswers);
    assertThat(logOf(service)).contains("would take the instance's filters past leads.dedupe.filter.mib");
  }

  @Test
  void shouldIgnoreResentEventsAfterARestartWhenItsFiltersMayTakeNoHeap(TestInfo test) {
    startWithLeadsNamedOriginal(test);
    service.sigterm();
    service.awaitExit(DEADLINE);
    service.start();
    cluster.awaitReady(service, DEADLINE);
    double storeLookups = metric(STORE_LOOKUPS);

    publishCopiesNamedCopyThenTitles("Restarted");

    assertCopiesIgnoredThroughTheStore("Restarted", storeLookups);
  }

  /**
   * Once every lead has {@code title}: each still named "Original", each copy and each event behind
   * it looked up in the store (more than {@code storeLookupsBefore}), no heap held by a filter.
   */
  private void assertCopiesIgnoredThroughTheStore(String title, double storeLookupsBefore) {
    awaitEveryLeadTitled(title);
    assertThat(leads().values())
        .hasSize(LEADS)
        .allSatisfy(lead -> assertThat(lead.path("lastName").asText()).isEqualTo("Original"));
    assertThat(metric(STORE_LOOKUPS) - storeLookupsBefore)
        .as("lookups of the copies and the events behind them read from the store")
        .isGreaterThanOrEqualTo(2 * LEADS);
    assertThat(metric(FILTER_BYTES)).as("heap the filters take").isZero();
  }

  private void startWithLeadsNamedOriginal(TestInfo test) {
    workspace = "ws_filter_limit_" + UUID.randomUUID().toString().substring(0, 8);
    leadIds = IntStream.range(0, LEADS).mapToObj(i -> "lead_" + workspace + "_" + i).toList();
    key = ServiceCluster.createReadKey(kafka.bootstrapServers(), workspace);
    cluster =
        new ServiceCluster(
            kafka.bootstrapServers(),
            "filter-limit-" + UUID.randomUUID(),
            SECRET,
            dir,
            Path.of("target", "filter-limit", test.getTestMethod().orElseThrow().getName()),
            List.of(),
            List.of("-Xmx384m", "-Dleads.dedupe.filter.mib=0"));
    service = cluster.start(cluster.add("single"));
    cluster.awaitReady(service, DEADLINE);
    List<String> events = new ArrayList<>();
    for (String leadId : leadIds) {
      events.add(EventJson.created("e-" + leadId, leadId, workspace, "2024-01-15T10:31:00Z", Map.of("firstName", "Ada")));
      events.add(lastNameChange(leadId, "Original"));
    }
    publish(events);
    awaitEveryLeadTitled(null);
  }

  /** Each lead's {@code lastName} event again with other content, then a new event per lead. */
  private void publishCopiesNamedCopyThenTitles(String title) {
    List<String> events = new ArrayList<>();
    for (String leadId : leadIds) {
      events.add(lastNameChange(leadId, "Copy"));
      events.add(
          EventJson.updated(
              "e-" + title + "-" + leadId, leadId, workspace, "2024-01-15T11:00:00Z", Map.of("title", title)));
    }
    publish(events);
  }

  /** The same event id for every {@code lastName}: the second one sent is a re-sent copy. */
  private String lastNameChange(String leadId, String lastName) {
    return EventJson.updated(
        "e-last-" + leadId, leadId, workspace, "2024-01-15T10:32:00Z", Map.of("lastName", lastName));
  }

  private void publish(List<String> events) {
    PublishedEvents.publishAll(kafka.bootstrapServers(), events);
  }

  /** Until every lead is listed with {@code title} (null: every lead is listed). */
  private void awaitEveryLeadTitled(String title) {
    await()
        .atMost(DEADLINE)
        .ignoreExceptions()
        .until(
            () -> {
              Map<String, JsonNode> leads = leads();
              return leads.size() == LEADS
                  && (title == null
                      || leads.values().stream().allMatch(lead -> title.equals(lead.path("title").asText())));
            });
  }

  private Map<String, JsonNode> leads() {
    HttpCalls.Answer answer =
        HttpCalls.get(service.baseUrl() + "/api/v2/leads?limit=100", Map.of("x-api-key", key));
    assertThat(answer.status()).isEqualTo(200);
    Map<String, JsonNode> leads = new HashMap<>();
    for (JsonNode lead : answer.json().path("data").path("leads")) {
      leads.put(lead.path("id").asText(), lead);
    }
    return leads;
  }

  private double metric(Pattern line) {
    String metrics = HttpCalls.get(service.baseUrl() + "/metrics", Map.of()).body();
    Matcher found = line.matcher(metrics);
    assertThat(found.find()).as("%s in /metrics", line.pattern()).isTrue();
    return Double.parseDouble(found.group(1));
  }

  private static String logOf(ServiceProcess process) {
    try {
      return Files.readString(process.log());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
