package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.auth.KeyHashing;
import ai.buena.leads.query.HostAddress;
import ai.buena.leads.query.TestLeads;
import ai.buena.leads.testing.TestClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two real servers, over real HTTP, each counting the other's requests of a key against its
 * limits ({@link RateCountPulls}): however a client spreads its requests over them, they admit
 * about the limit together, not twice it.
 */
class SharedRateLimitsHttpTest {
  private static final int PER_MINUTE = 20;
  private static final String LEADS = "/api/v2/leads?limit=1";

  private final TestClock clock = new TestClock(Instant.parse("2026-01-15T10:00:20Z"));
  private final TestKeys keys = new TestKeys();
  private IndexedApi a;
  private IndexedApi b;
  private String key;

  @BeforeEach
  void start() {
    ServerOptions options = limited();
    List<ai.buena.leads.lead.Lead> leads = List.of(TestLeads.aLead("lead_1").build());
    a = new IndexedApi(leads, options, keys);
    b = new IndexedApi(leads, options, keys);
    a.server.shareRateCountsWith(() -> Set.of(new HostAddress("localhost", b.port())));
    b.server.shareRateCountsWith(() -> Set.of(new HostAddress("localhost", a.port())));
    key = keys.issue(TestLeads.WORKSPACE, "leads:read");
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
  }

  @Test
  void shouldAdmitAboutTheLimitOverBothInstancesWhenAClientAlternatesBetweenThem() {
    awaitBothKnowTheOther();
    int admitted = 0;
    for (int i = 0; i < 3 * PER_MINUTE; i++) {
      admitted += ok(i % 2 == 0 ? a : b) ? 1 : 0;
    }

    assertThat(admitted).isBetween(PER_MINUTE, PER_MINUTE + 1);
  }

  @Test
  void shouldAdmitOnlyWhatIsLeftOnOneInstanceAfterTheOtherAdmittedMost() {
    awaitBothKnowTheOther();
    int first = 0;
    for (int i = 0; i < 15; i++) {
      first += ok(a) ? 1 : 0;
    }
    int then = 0;
    for (int i = 0; i < PER_MINUTE; i++) {
      then += ok(b) ? 1 : 0;
    }

    assertThat(first).isEqualTo(15);
    assertThat(then).isBetween(PER_MINUTE - 15, PER_MINUTE - 15 + 1);
  }

  @Test
  void shouldAdmitTheWholeLimitToAClientThatOnlyEverReachesOneInstance() {
    awaitBothKnowTheOther();
    int admitted = 0;
    for (int i = 0; i < 2 * PER_MINUTE; i++) {
      admitted += ok(a) ? 1 : 0;
    }

    assertThat(admitted).isEqualTo(PER_MINUTE);
  }

  @Test
  void shouldTellTheRemainingOfTheKeyOverBothInstances() throws Exception {
    awaitBothKnowTheOther();
    for (int i = 0; i < 5; i++) {
      ok(a);
    }
    // rounds started after them (the one under way may have started before) until b heard of
    // them: an ask that a loaded machine delays past its 150 ms leaves b with a's older count
    String keyId = keys.findByHash(KeyHashing.sha256Hex(key)).orElseThrow().id();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              b.server.rateCountPulls().round().get(10, TimeUnit.SECONDS);
              assertThat(b.server.rateLimiter().peek(keyId).remaining()).isEqualTo(PER_MINUTE - 5);
            });

    ApiResponse answer = b.get(LEADS, "x-api-key", key);

    assertThat(answer.header(RateLimitGate.REMAINING)).contains(Integer.toString(PER_MINUTE - 6));
  }

  @Test
  void shouldAdmitTheLimitWithinAFewRoundsWhenAThirdInstanceNeverAnswers() throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {
      // connections are taken (the backlog) but never answered: each ask of it times out
      IndexedApi alone = anotherInstance(null);
      try {
        alone.server.shareRateCountsWith(
            () -> Set.of(new HostAddress("localhost", b.port()), new HostAddress("localhost", silent.getLocalPort())));
        await().atMost(Duration.ofSeconds(10)).until(() -> alone.server.rateLimiter().instances() == 3);
        int admitted = 0;
        long slowest = 0;
        for (int i = 0; i < PER_MINUTE + 5; i++) {
          long started = System.nanoTime();
          admitted += ok(alone) ? 1 : 0;
          slowest = Math.max(slowest, System.nanoTime() - started);
        }

        assertThat(admitted).isEqualTo(PER_MINUTE);
        assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofSeconds(2));
      } finally {
        alone.close();
      }
    }
  }

  @Test
  void shouldCountTheAsksOfAnInstanceThatNeverAnswers() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (ServerSocket silent = new ServerSocket(0)) {
      IndexedApi alone = anotherInstance(registry);
      try {
        assertThat(registry.scrape()).contains("leads_rate_counts_unanswered_total 0.0");
        alone.server.shareRateCountsWith(
            () -> Set.of(new HostAddress("localhost", b.port()), new HostAddress("localhost", silent.getLocalPort())));

        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> registry.counter(HttpMetrics.RATE_COUNTS_UNANSWERED).count() >= 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> alone.server.rateLimiter().instances() == 3);
      } finally {
        alone.close();
      }
    }
  }

  @Test
  void shouldCountNoAskWhenTheOtherInstanceAnswersEveryRound() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    IndexedApi answered = anotherInstance(registry);
    try {
      answered.server.shareRateCountsWith(() -> Set.of(new HostAddress("localhost", b.port())));
      for (int round = 0; round < 4; round++) {
        answered.server.rateCountPulls().round().get(10, TimeUnit.SECONDS);
      }

      assertThat(registry.counter(HttpMetrics.RATE_COUNTS_UNANSWERED).count()).isZero();
    } finally {
      answered.close();
    }
  }

  /** One more instance with the same limits and keys, its metrics in {@code registry} (null: none). */
  private IndexedApi anotherInstance(PrometheusMeterRegistry registry) {
    return new IndexedApi(List.of(TestLeads.aLead("lead_1").build()), limited(), keys, registry);
  }

  private ServerOptions limited() {
    return ServerOptions.defaults().withRateLimits(RateLimits.of(PER_MINUTE, 10_000, 100_000)).withClock(clock);
  }

  /** A first round each way, so that each knows the cluster has two instances. */
  private void awaitBothKnowTheOther() {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                a.server.rateLimiter().instances() == 2 && b.server.rateLimiter().instances() == 2);
  }

  private boolean ok(IndexedApi api) {
    int status = api.get(LEADS, "x-api-key", key).status();
    assertThat(status).isIn(200, 429);
    return status == 200;
  }
}
