package ai.buena.leads.http;

import ai.buena.leads.query.LeadMemory;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Latency histograms per route and status ({@code http_server_requests_seconds}), requests shed
 * ({@code http_server_shed_total}) and made to wait for a permit ({@code
 * http_server_admission_waits_total}), answers read partly from standby copies ({@code
 * leads_answers_stale_total} by route), this instance's asks of the others for their rate counts
 * that brought none ({@code leads_rate_counts_unanswered_total}), the leads held by answers ({@link
 * #leadMemory}), and /metrics.
 */
final class HttpMetrics {
  static final String RATE_COUNTS_UNANSWERED = "leads.rate.counts.unanswered";
  private final PrometheusMeterRegistry registry;
  /** Registered once per method, route and status: a registration per request costs more than the record. */
  private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

  private record TimerKey(String method, String route, int status) {}

  private static final Set<String> KNOWN_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");

  HttpMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    // registered at 0, so a rate over them exists before the first stale answer
    registry.counter("leads.answers.stale", "route", ApiServer.LEADS);
    registry.counter("leads.answers.stale", "route", ApiServer.LEAD);
    registry.counter("http.server.connections.head.timeout");
    registry.counter(RATE_COUNTS_UNANSWERED);
  }

  void record(Context ctx, Float millis) {
    timers
        .computeIfAbsent(
            new TimerKey(methodLabel(ctx.method().name()), route(ctx), ctx.statusCode()), this::register)
        .record((long) (millis * 1000), TimeUnit.MICROSECONDS);
  }

  /**
   * The method as a label: those the API knows, else {@code OTHER}. A client may send any token as
   * its method, and a label per token would be a time series per request.
   */
  static String methodLabel(String method) {
    return KNOWN_METHODS.contains(method) ? method : "OTHER";
  }

  private Timer register(TimerKey key) {
    return Timer.builder("http.server.requests")
        .tag("method", key.method())
        .tag("route", key.route())
        .tag("status", Integer.toString(key.status()))
        .publishPercentileHistogram()
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }

  /**
   * An ask of another instance for its rate counts that brought none ({@code
   * leads_rate_counts_unanswered_total}): until the next answer, this instance's limits count with
   * that instance's last report, and a key may get more than its limit by up to what it may admit.
   */
  void rateCountsUnanswered() {
    registry.counter(RATE_COUNTS_UNANSWERED).increment();
  }

  /** An answer read partly from standby copies (it carries {@code X-Lead-Data-Staleness}). */
  void staleAnswer(String route) {
    registry.counter("leads.answers.stale", "route", route).increment();
  }

  /**
   * The bytes of leads the requests being answered hold ({@code leads_lead_memory_held_bytes}) and
   * their bound ({@code leads_lead_memory_budget_bytes}, 0: none).
   */
  void leadMemory(LeadMemory memory) {
    Gauge.builder("leads.lead.memory.held", memory, LeadMemory::held)
        .baseUnit("bytes")
        .register(registry);
    Gauge.builder("leads.lead.memory.budget", memory, LeadMemory::budget)
        .baseUnit("bytes")
        .register(registry);
  }

  /** A request answered 503 by load shedding: it never reached a route, so it has no timer. */
  void shed() {
    registry.counter("http.server.shed").increment();
  }

  /**
   * Of those, one shed because its workspace held its share: half the pool, or as much as leaves the
   * reserve for workspaces holding none ({@code WorkspaceShares}).
   */
  void shedAtWorkspaceShare() {
    registry.counter("http.server.shed.workspace.share").increment();
  }

  /**
   * A request that waited for a load-shedding permit ({@code AdmissionQueue}), admitted or shed
   * when its wait ended: the instance or the workspace was at its limit.
   */
  void waitedForPermit() {
    registry.counter("http.server.admission.waits").increment();
  }

  /** A connection closed because its request's line and headers took too long ({@code RequestHeadDeadline}). */
  void headTooSlow() {
    registry.counter("http.server.connections.head.timeout").increment();
  }

  void scrape(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
  }

  MeterRegistry registry() {
    return registry;
  }

  /**
   * The matched route; for an answer given before a route was matched (a 401 or 403 of the key
   * check, a 405), the public route the path names, so those are counted per route too. Never the
   * path itself: the label's values stay few.
   */
  private static String route(Context ctx) {
    String matched;
    try {
      matched = ctx.endpoint().path;
    } catch (RuntimeException unmatched) {
      matched = null;
    }
    if (matched != null && !matched.contains("*")) {
      return matched;
    }
    return publicRoute(ctx.path());
  }

  static String publicRoute(String path) {
    String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    if (trimmed.equals(ApiServer.LEADS)) {
      return ApiServer.LEADS;
    }
    if (trimmed.startsWith(ApiServer.LEADS + "/") && trimmed.indexOf('/', ApiServer.LEADS.length() + 1) < 0) {
      return ApiServer.LEAD;
    }
    if (trimmed.equals(ApiServer.KEY_HEALTH)) {
      return ApiServer.KEY_HEALTH;
    }
    return "unmatched";
  }
}
