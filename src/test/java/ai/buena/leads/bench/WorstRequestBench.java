package ai.buena.leads.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.index.WorkBudget;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.query.LeadPage;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.LocalLeadQueryService;
import ai.buena.leads.query.QueryTooExpensiveException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The costliest requests a client can build within the API's limits (many short terms, terms of
 * 200 chars, deep pages with filters, every filter at once, text sorts), answered by the engine
 * alone (no Kafka, no HTTP) over {@link IndexBench}'s generated workspace. Prints each request's
 * CPU time (this thread's, from {@link ThreadMXBean}) and outcome under the default work budget,
 * and what it would cost without a budget; then how long the projection's writes and another
 * workspace's queries wait while such requests run back to back.
 *
 * <p>{@code mvn -o -Pbench verify -Dit.test=WorstRequestBench -Dbench.leads=1000000}
 */
class WorstRequestBench {
  private static final int LEADS = Integer.getInteger("bench.leads", 100_000);
  private static final int REPEATS = Integer.getInteger("bench.repeats", 7);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Test
  void measureTheWorstRequests() throws Exception {
    IndexBench.Engine engine = IndexBench.Engine.build(LEADS);
    System.out.printf(
        "BENCH worst requests: %d leads, work budget %,d units, load average %.2f%n",
        engine.leads(), engine.workBudget(), BenchSetup.loadAverage());
    LocalLeadQueryService service = engine.service();
    long budget = engine.workBudget();

    for (QueryShape shape : QueryShape.forLeads(LEADS)) {
      Measured measured = measure(service, IndexBench.parse(shape.query()), budget);
      assertThat(measured.outcome()).as("normal shape %s passes the budget", shape.name()).startsWith("200");
      print("normal " + shape.name(), shape.query(), measured, null);
    }
    for (QueryShape shape : worst(engine.withBudget(Long.MAX_VALUE).service())) {
      LeadQuery query = IndexBench.parse(shape.query());
      Measured measured = measure(service, query, budget);
      Measured without = measureOnce(service, query, Long.MAX_VALUE);
      print("worst " + shape.name(), shape.query(), measured, without);
    }
    isolation(engine, service);
    System.out.printf("BENCH load average after: %.2f%n", BenchSetup.loadAverage());
  }

  private static List<QueryShape> worst(LocalLeadQueryService service) {
    String bigrams = String.join(" ", distinctBigrams(66));
    String twentyFive = String.join(" ", distinctBigrams(25));
    String letters = "a e i o u n r s t l c m d h g p b y k w f v j x z q 0 1 2 3 4 5 6 7 8 9 . @ - _";
    long newLeads = total(service, "status=new&limit=1");
    long linkedinJohn = total(service, "source=linkedin&search=john&limit=1");
    long all = total(service, "limit=1");
    return List.of(
        new QueryShape("25-two-letter-terms", "search=" + enc(twentyFive)),
        new QueryShape("66-two-letter-terms-200-chars", "search=" + enc(bigrams)),
        new QueryShape("40-one-char-terms", "search=" + enc(letters)),
        new QueryShape("one-two-letter-term", "search=an"),
        new QueryShape("one-two-letter-term-text-sort-page-50", "search=an&sortBy=lastName&sortOrder=asc&limit=100&page=50"),
        new QueryShape("200-char-term-aaa", "search=" + "a".repeat(200)),
        new QueryShape("200-char-term-common-trigrams", "search=" + enc(".com".repeat(50))),
        new QueryShape("page-max-int-status", "status=new&page=2147483647"),
        new QueryShape("page-max-int-source", "source=linkedin&page=2147483647"),
        new QueryShape("last-page-status", "status=new&limit=100&page=" + Math.max(1, newLeads / 100)),
        new QueryShape(
            "last-page-status-firstName", "status=new&sortBy=firstName&limit=100&page=" + Math.max(1, newLeads / 100)),
        new QueryShape("last-page-source-search", "source=linkedin&search=john&limit=100&page=" + Math.max(1, linkedinJohn / 100)),
        new QueryShape("last-page-unfiltered-company", "sortBy=company&limit=100&page=" + Math.max(1, all / 100)),
        new QueryShape(
            "every-filter-and-search",
            "status=contacted&source=linkedin&company=Google&title=engineer&createdAfter=2024-03-01"
                + "&createdBefore=2025-10-01&lastContactedAfter=2024-06-01&lastContactedBefore=2025-12-01"
                + "&search=an%20er&sortBy=company&sortOrder=asc&limit=100"));
  }

  /** The first {@code count} distinct pairs of frequent letters, as {@code an er in ...}. */
  private static List<String> distinctBigrams(int count) {
    String frequent = "eantiorslcdmuh";
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < frequent.length() && pairs.size() < count; i++) {
      for (int j = 0; j < frequent.length() && pairs.size() < count; j++) {
        if (i != j) {
          pairs.add("" + frequent.charAt(i) + frequent.charAt(j));
        }
      }
    }
    return pairs;
  }

  private record Measured(double cpuMillis, double wallMillis, String outcome, long units) {}

  /** Median CPU and wall time of {@link #REPEATS} runs after one warm-up run. */
  private static Measured measure(LocalLeadQueryService service, LeadQuery query, long budget) {
    measureOnce(service, query, budget);
    double[] cpu = new double[REPEATS];
    double[] wall = new double[REPEATS];
    String outcome = null;
    long units = 0;
    for (int i = 0; i < REPEATS; i++) {
      Measured once = measureOnce(service, query, budget);
      units = once.units();
      cpu[i] = once.cpuMillis();
      wall[i] = once.wallMillis();
      outcome = once.outcome();
    }
    Arrays.sort(cpu);
    Arrays.sort(wall);
    return new Measured(cpu[REPEATS / 2], wall[REPEATS / 2], outcome, units);
  }

  private static Measured measureOnce(LocalLeadQueryService service, LeadQuery query, long units) {
    long cpu = THREADS.getCurrentThreadCpuTime();
    long wall = System.nanoTime();
    String outcome;
    WorkBudget budget = new WorkBudget(units);
    try {
      LeadPage page = service.list(IndexBench.WORKSPACE, query, budget);
      outcome = "200 total=" + page.pagination().total() + " leads=" + page.leads().size();
    } catch (QueryTooExpensiveException e) {
      outcome = "503 QUERY_TOO_EXPENSIVE";
    }
    return new Measured(
        (THREADS.getCurrentThreadCpuTime() - cpu) / 1e6, (System.nanoTime() - wall) / 1e6, outcome, budget.spent());
  }

  private static void print(String name, String query, Measured measured, Measured unbudgeted) {
    System.out.printf(
        "BENCH %s cpu=%.1fms wall=%.1fms units=%,d %s%s query=%s%n",
        name,
        measured.cpuMillis(),
        measured.wallMillis(),
        measured.units(),
        measured.outcome(),
        unbudgeted == null
            ? ""
            : String.format(
                " | without budget: cpu=%.1fms units=%,d %s",
                unbudgeted.cpuMillis(), unbudgeted.units(), unbudgeted.outcome()),
        query.length() > 120 ? query.substring(0, 117) + "..." : query);
  }

  /**
   * Event application and another workspace's queries, timed alone and then while one thread
   * sends the worst requests back to back.
   */
  private static void isolation(IndexBench.Engine engine, LocalLeadQueryService service) throws Exception {
    for (int i = 0; i < 1_000; i++) {
      engine.apply(otherLead(i, 0));
    }
    report("alone", engine, service, null);
    List<LeadQuery> hostile = new ArrayList<>();
    for (QueryShape shape : worst(service)) {
      hostile.add(IndexBench.parse(shape.query()));
    }
    report("beside worst requests", engine, service, hostile);
  }

  private static void report(
      String label, IndexBench.Engine engine, LocalLeadQueryService service, List<LeadQuery> hostile)
      throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    Thread attacker =
        new Thread(
            () -> {
              for (int i = 0; running.get() && hostile != null; i++) {
                try {
                  service.list(IndexBench.WORKSPACE, hostile.get(i % hostile.size()));
                } catch (QueryTooExpensiveException expected) {
                  // refused: the next one
                }
              }
            });
    attacker.start();
    int rounds = 400;
    long[] writes = new long[rounds];
    long[] reads = new long[rounds];
    LeadQuery other = LeadQuery.builder().limit(10).build();
    for (int i = 0; i < rounds; i++) {
      long t = System.nanoTime();
      engine.apply(otherLead(i % 1_000, i + 1));
      writes[i] = System.nanoTime() - t;
      t = System.nanoTime();
      service.list("ws_other", other);
      reads[i] = System.nanoTime() - t;
    }
    running.set(false);
    attacker.join();
    Latencies w = Latencies.of(writes, Arrays.stream(writes).sum());
    Latencies r = Latencies.of(reads, Arrays.stream(reads).sum());
    System.out.printf(
        "BENCH isolation %s: event applied p50=%.2fms p99=%.2fms max=%.2fms; other workspace's query"
            + " p50=%.2fms p99=%.2fms max=%.2fms%n",
        label, w.percentileMillis(50), w.percentileMillis(99), w.maxMillis(),
        r.percentileMillis(50), r.percentileMillis(99), r.maxMillis());
  }

  private static Lead otherLead(int i, int version) {
    Instant created = Instant.parse("2025-01-01T00:00:00Z").plusSeconds(i);
    return new Lead(
        "lead_other_" + i, "ws_other", "Other" + version, "Tenant", "o" + i + "@other.example", null,
        "Other Co", "Buyer", null, null, LeadStatus.NEW, LeadSource.API, null, List.of(), Map.of(),
        created, created.plusSeconds(version), null);
  }

  private static long total(LocalLeadQueryService service, String query) {
    return service.list(IndexBench.WORKSPACE, IndexBench.parse(query)).pagination().total();
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
