package ai.buena.leads.bench;

import ai.buena.leads.index.IndexedField;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.index.WorkBudget;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.query.LeadPage;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.LocalLeadQueryService;
import ai.buena.leads.query.QueryTooExpensiveException;
import ai.buena.leads.query.SortField;
import ai.buena.leads.query.SortKey;
import ai.buena.leads.testing.HostileDataset;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The engine alone (no Kafka, no HTTP) on data sets we did not generate for it ({@link
 * HostileDataset}, plus churn and many tenants) and on a request set of every parameter and sort,
 * alone and combined, dense and sparse, every search term length, deep pages and cursors through
 * the whole answer. Prints each request's CPU time (this thread's), wall time and work units,
 * flags every request over 10 ms p99 or 50 ms of CPU, and the worst request per data set.
 *
 * <p>{@code mvn -o -Pbench verify -Dit.test=HostileBench -Dbench.leads=1000000
 * -Dbench.jvm.args=-Xmx3g [-Dbench.datasets=monoculture,numbered,long-unicode,churn,tenants]
 * [-Dbench.runs=21] [-Dbench.requests=name,...]}
 */
class HostileBench {
  private static final int LEADS = Integer.getInteger("bench.leads", 100_000);
  private static final int RUNS = Integer.getInteger("bench.runs", 21);
  private static final long SEED = Long.getLong("bench.seed", 42);
  private static final String DATASETS =
      System.getProperty("bench.datasets", "monoculture,numbered,long-unicode,churn,tenants");
  private static final String ONLY = System.getProperty("bench.requests", "");
  private static final int TENANTS = 3_000;
  private static final int TENANT_LEADS = 20;
  private static final double SLOW_P99_MS = 10;
  private static final double SLOW_CPU_MS = 50;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final String WORKSPACE = IndexBench.WORKSPACE;

  @Test
  void measureHostileDataAndRequests() {
    for (String name : DATASETS.split(",")) {
      long start = System.nanoTime();
      IndexBench.Engine engine = build(name.strip());
      System.out.printf(
          "BENCH hostile dataset=%s built: %d leads in the large workspace in %.1fs, %d partitions, load average %.2f%n",
          name, engine.leads(), (System.nanoTime() - start) / 1e9, IndexBench.PARTITIONS, BenchSetup.loadAverage());
      LocalLeadQueryService service = engine.service();
      HostileDataset base = name.strip().equals("churn") || name.strip().equals("tenants")
          ? HostileDataset.ORDINARY : HostileDataset.fromWire(name.strip());
      List<Measured> all = new ArrayList<>();
      List<Request> refused = new ArrayList<>();
      for (Request request : requests(base, service, name.strip().equals("tenants"))) {
        if (!ONLY.isBlank() && !List.of(ONLY.split(",")).contains(request.name())) {
          continue;
        }
        Measured measured = measure(service, request);
        all.add(measured);
        if (measured.outcome().startsWith("503")) {
          refused.add(request);
        }
        System.out.println("BENCH hostile dataset=" + name + " " + measured.line());
      }
      if (ONLY.isBlank()) {
        all.add(cursorWalk(service, "cursor-status-new-createdAt", "status=new&limit=100"));
        all.add(cursorWalk(service, "cursor-all-company-asc", "sortBy=company&sortOrder=asc&limit=100"));
        all.add(cursorWalk(service, "cursor-search-" + base.probes().frequentTerms().get(0),
            "search=" + enc(base.probes().frequentTerms().get(0)) + "&sortBy=lastName&limit=100"));
        for (Measured walk : all.subList(all.size() - 3, all.size())) {
          System.out.println("BENCH hostile dataset=" + name + " " + walk.line());
        }
      }
      for (Request request : refused) {
        System.out.println("BENCH hostile dataset=" + name + " " + unbudgeted(service, request));
      }
      Measured worstCpu =
          all.stream().max((a, b) -> Double.compare(Math.max(a.cpuMax(), a.cpuFirst()), Math.max(b.cpuMax(), b.cpuFirst()))).orElseThrow();
      Measured worstWall = all.stream().max((a, b) -> Double.compare(a.wallP99(), b.wallP99())).orElseThrow();
      long flagged = all.stream().filter(Measured::flagged).count();
      System.out.printf(
          "BENCH hostile dataset=%s summary: %d requests, %d over 10 ms p99 / 50 ms CPU or refused;"
              + " worst CPU %s (%.1f ms), worst p99 %s (%.1f ms), load average %.2f%n",
          name, all.size(), flagged, worstCpu.name(), Math.max(worstCpu.cpuMax(), worstCpu.cpuFirst()), worstWall.name(),
          worstWall.wallP99(), BenchSetup.loadAverage());
      engine = null;
      service = null;
      System.gc();
    }
  }

  /** One request of the set: its name, the workspace it asks and its query string. */
  record Request(String name, String workspace, String query) {
    Request(String name, String query) {
      this(name, WORKSPACE, query);
    }
  }

  /**
   * Every sort in both directions; every filter alone, dense and sparse; text filters and search
   * terms of every length (one, two, three chars, frequent words, nothing matching, 200 chars,
   * many terms); every filter at once; filters matching everything with rare sort fields; deep
   * pages in the middle and at the end, with and without filters.
   */
  static List<Request> requests(HostileDataset data, LocalLeadQueryService service, boolean tenants) {
    HostileDataset.Probes probes = data.probes();
    String t0 = enc(probes.frequentTerms().get(0));
    String dense = enc(probes.denseCompany());
    String word = enc(probes.denseTitleWord());
    List<Request> r = new ArrayList<>();
    for (SortField field : SortField.values()) {
      for (String order : List.of("asc", "desc")) {
        r.add(new Request("sort-" + field.wire() + "-" + order, "sortBy=" + field.wire() + "&sortOrder=" + order + "&limit=100"));
      }
    }
    r.add(new Request("status-new", "status=new&limit=100"));
    r.add(new Request("status-new-lastContacted-asc", "status=new&sortBy=lastContactedAt&sortOrder=asc&limit=100"));
    r.add(new Request("status-new-lastContacted-desc-page-5", "status=new&sortBy=lastContactedAt&sortOrder=desc&limit=100&page=5"));
    r.add(new Request("created-before-sparse-updatedAt-desc", "createdBefore=2024-01-05&sortBy=updatedAt&sortOrder=desc&limit=100"));
    r.add(new Request("status-converted-company-asc", "status=converted&sortBy=company&sortOrder=asc&limit=100"));
    r.add(new Request("source-api-lastName", "source=api&sortBy=lastName&limit=100"));
    r.add(new Request("status-source", "status=contacted&source=linkedin&limit=25"));
    r.add(new Request("company-dense", "company=" + dense + "&limit=100"));
    r.add(new Request("company-dense-firstName-asc", "company=" + dense + "&sortBy=firstName&sortOrder=asc&limit=100"));
    r.add(new Request("company-none", "company=nobody%20at%20all&limit=100"));
    r.add(new Request("title-dense", "title=" + word + "&limit=100"));
    r.add(new Request("title-dense-lastContacted-asc", "title=" + word + "&sortBy=lastContactedAt&sortOrder=asc&limit=100"));
    r.add(new Request("title-one-char", "title=e&limit=100"));
    r.add(new Request("title-none", "title=qqqzzz&limit=100"));
    r.add(new Request("created-after-all-lastContacted-asc", "createdAfter=2000-01-01&sortBy=lastContactedAt&sortOrder=asc&limit=100"));
    r.add(new Request("created-after-all-company-desc", "createdAfter=2000-01-01&sortBy=company&sortOrder=desc&limit=100"));
    r.add(new Request("created-narrow", "createdAfter=2025-01-01&createdBefore=2025-01-02&limit=100"));
    r.add(new Request("created-bound-instant", "createdAfter=2024-01-01T01:00:00Z&createdBefore=2024-03-01&limit=100"));
    r.add(new Request("created-before-sparse", "createdBefore=2024-01-02&limit=100"));
    r.add(new Request("contacted-before-asc", "lastContactedBefore=2025-01-01&sortBy=lastContactedAt&sortOrder=asc&limit=100"));
    // a status with bounds on the sort field: counted from the status's bitmap against the days
    r.add(new Request("status-contacted-before-asc", "status=contacted&lastContactedBefore=2025-01-01&sortBy=lastContactedAt&sortOrder=asc&limit=100"));
    r.add(new Request("status-cold-after-all-desc-page-50", "status=cold&lastContactedAfter=2000-01-01&sortBy=lastContactedAt&sortOrder=desc&limit=100&page=50"));
    r.add(new Request("status-new-created-narrow", "status=new&createdAfter=2024-06-01T12:00:00Z&createdBefore=2024-06-02T12:00:00Z&limit=100"));
    r.add(new Request("contacted-after-firstName-desc", "lastContactedAfter=2024-06-01&sortBy=firstName&sortOrder=desc&limit=100"));
    for (String term : probes.frequentTerms()) {
      r.add(new Request("search-" + term, "search=" + enc(term) + "&limit=20"));
      r.add(new Request("search-" + term + "-company-asc", "search=" + enc(term) + "&sortBy=company&sortOrder=asc&limit=100"));
    }
    r.add(new Request("search-two-frequent", "search=" + t0 + "%20" + enc(probes.frequentTerms().get(1)) + "&limit=20"));
    r.add(new Request("search-one-char", "search=" + enc("e ") + t0 + "&limit=20"));
    r.add(new Request("search-two-letters-none", "search=qz&limit=20"));
    r.add(new Request("search-long-none", "search=zzzzqqqqxxxx&limit=20"));
    r.add(new Request("search-200-chars", "search=" + enc(repeatTo(probes.frequentTerms().get(0) + " ", 200)) + "&limit=20"));
    r.add(new Request("search-200-char-term", "search=" + enc(repeatTo(probes.frequentTerms().get(0), 200)) + "&limit=20"));
    r.add(new Request("search-66-bigrams", "search=" + enc(bigrams(66)) + "&limit=20"));
    r.add(new Request("search-40-one-char", "search=" + enc("a e i o u n r s t l c m d h g p b y k w f v j x z q 0 1 2 3 4 5 6 7 8 9 . @ - _") + "&limit=20"));
    r.add(new Request("every-filter",
        "status=contacted&source=linkedin&company=" + dense + "&title=" + word + "&createdAfter=2024-03-01"
            + "&createdBefore=2025-10-01&lastContactedAfter=2024-06-01&lastContactedBefore=2025-12-01"
            + "&search=" + t0 + "&sortBy=lastContactedAt&sortOrder=asc&limit=100"));
    r.add(new Request("status-source-company-search", "status=contacted&source=linkedin&company=" + dense + "&search=" + t0 + "&limit=25"));
    long all = total(service, WORKSPACE, "limit=1");
    long newLeads = total(service, WORKSPACE, "status=new&limit=1");
    long withTerm = total(service, WORKSPACE, "search=" + t0 + "&limit=1");
    long inCompany = total(service, WORKSPACE, "company=" + dense + "&limit=1");
    r.add(new Request("deep-unfiltered-middle-company", "sortBy=company&limit=100&page=" + pageAt(all, 2)));
    r.add(new Request("deep-status-middle", "status=new&limit=100&page=" + pageAt(newLeads, 2)));
    r.add(new Request("deep-status-last", "status=new&limit=100&page=" + pageAt(newLeads, 1)));
    r.add(new Request("deep-search-middle", "search=" + t0 + "&limit=100&page=" + pageAt(withTerm, 2)));
    r.add(new Request("deep-search-last-lastName", "search=" + t0 + "&sortBy=lastName&limit=100&page=" + pageAt(withTerm, 1)));
    r.add(new Request("deep-company-middle", "company=" + dense + "&limit=100&page=" + pageAt(inCompany, 2)));
    r.add(new Request("deep-status-page-10", "status=new&sortBy=firstName&limit=100&page=10"));
    r.add(new Request("deep-status-quarter-lastName-asc",
        "status=new&sortBy=lastName&sortOrder=asc&limit=100&page=" + pageAt(newLeads, 4)));
    r.add(new Request("deep-search-quarter-company-desc",
        "search=" + t0 + "&sortBy=company&sortOrder=desc&limit=100&page=" + pageAt(withTerm, 4)));
    long newFromApi = total(service, WORKSPACE, "status=new&source=api&limit=1");
    r.add(new Request("deep-status-source-middle", "status=new&source=api&limit=100&page=" + pageAt(newFromApi, 2)));
    long contacted = total(service, WORKSPACE, "status=contacted&limit=1");
    r.add(new Request("deep-contacted-last-lastContacted-asc",
        "status=contacted&sortBy=lastContactedAt&sortOrder=asc&limit=100&page=" + pageAt(contacted, 1)));
    r.add(new Request("page-max-int-search", "search=" + t0 + "&page=2147483647"));
    if (tenants) {
      r.add(new Request("tenant-small-basic", "ws_small_0001", "limit=10"));
      r.add(new Request("tenant-small-search", "ws_small_0001", "search=an&sortBy=company&limit=100"));
      r.add(new Request("tenant-missing", "ws_nobody", "search=an&limit=10"));
    }
    return r;
  }

  /** The page at {@code 1 / fraction} of {@code total} from its end (2: the middle, 1: the last), 100 a page. */
  private static long pageAt(long total, int fraction) {
    return Math.max(1, (total / fraction + 99) / 100);
  }

  record Measured(
      String name, double cpuFirst, double cpuP50, double cpuMax, double wallP50, double wallP99, long units, String outcome,
      String query) {
    boolean flagged() {
      return wallP99 > SLOW_P99_MS || cpuMax > SLOW_CPU_MS || cpuFirst > SLOW_CPU_MS || outcome.startsWith("503");
    }

    String line() {
      return String.format(
          "request=%s cpu first=%.2fms p50=%.2fms max=%.2fms wall p50=%.2fms p99=%.2fms units=%,d %s%s query=%s",
          name, cpuFirst, cpuP50, cpuMax, wallP50, wallP99, units, outcome, flagged() ? " SLOW" : "",
          query.length() > 140 ? query.substring(0, 137) + "..." : query);
    }
  }

  /** CPU and wall times of {@link #RUNS} runs after three warm-up runs, and one run's work units. */
  static Measured measure(LocalLeadQueryService service, Request request) {
    LeadQuery query = IndexBench.parse(request.query());
    WorkBudget budget = new WorkBudget(LocalLeadQueryService.DEFAULT_WORK_BUDGET);
    String outcome;
    long firstCpu = THREADS.getCurrentThreadCpuTime();
    try {
      LeadPage page = service.list(request.workspace(), query, budget);
      firstCpu = THREADS.getCurrentThreadCpuTime() - firstCpu;
      outcome = "200 total=" + page.pagination().total() + " leads=" + page.leads().size();
    } catch (QueryTooExpensiveException e) {
      double[] refusal = new double[3];
      for (int i = 0; i < refusal.length; i++) {
        long cpu = THREADS.getCurrentThreadCpuTime();
        try {
          service.list(request.workspace(), query);
        } catch (QueryTooExpensiveException expected) {
          // refused again
        }
        refusal[i] = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e6;
      }
      Arrays.sort(refusal);
      return new Measured(request.name(), refusal[2], refusal[1], refusal[2], 0, 0, budget.spent(),
          "503 QUERY_TOO_EXPENSIVE", request.query());
    }
    for (int i = 0; i < 3; i++) {
      service.list(request.workspace(), query);
    }
    double[] cpu = new double[RUNS];
    double[] wall = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long c = THREADS.getCurrentThreadCpuTime();
      long w = System.nanoTime();
      service.list(request.workspace(), query);
      wall[i] = (System.nanoTime() - w) / 1e6;
      cpu[i] = (THREADS.getCurrentThreadCpuTime() - c) / 1e6;
    }
    Arrays.sort(cpu);
    Arrays.sort(wall);
    return new Measured(
        request.name(), firstCpu / 1e6, cpu[RUNS / 2], cpu[RUNS - 1], wall[RUNS / 2], wall[(int) Math.ceil(RUNS * 0.99) - 1],
        budget.spent(), outcome, request.query());
  }

  /**
   * What a refused request would cost without a budget (at most 20,000,000 units), run after the
   * others: a term found in full is cached, which would make later requests with it cheap.
   */
  private static String unbudgeted(LocalLeadQueryService service, Request request) {
    WorkBudget unlimited = new WorkBudget(20_000_000);
    long cpu = THREADS.getCurrentThreadCpuTime();
    try {
      LeadPage page = service.list(request.workspace(), IndexBench.parse(request.query()), unlimited);
      return String.format(
          "request=%s without budget: units=%,d cpu=%.1fms total=%d", request.name(), unlimited.spent(),
          (THREADS.getCurrentThreadCpuTime() - cpu) / 1e6, page.pagination().total());
    } catch (QueryTooExpensiveException over) {
      return String.format(
          "request=%s without budget: over 20,000,000 units, cpu=%.1fms", request.name(),
          (THREADS.getCurrentThreadCpuTime() - cpu) / 1e6);
    }
  }

  /** Pages through the whole answer of {@code query} by cursor; CPU and wall per page. */
  private static Measured cursorWalk(LocalLeadQueryService service, String name, String query) {
    LeadQuery q = IndexBench.parse(query);
    IndexedField field = q.sortBy().field();
    List<Double> cpu = new ArrayList<>();
    List<Double> wall = new ArrayList<>();
    long seen = 0;
    long total = -1;
    while (true) {
      long c = THREADS.getCurrentThreadCpuTime();
      long w = System.nanoTime();
      LeadPage page;
      try {
        page = service.list(WORKSPACE, q);
      } catch (QueryTooExpensiveException e) {
        return new Measured(name, 0, 0, 0, 0, 0, 0, "503 QUERY_TOO_EXPENSIVE after " + seen + " leads", query);
      }
      wall.add((System.nanoTime() - w) / 1e6);
      cpu.add((THREADS.getCurrentThreadCpuTime() - c) / 1e6);
      if (total < 0) {
        total = page.pagination().total();
      }
      List<Lead> leads = page.leads();
      seen += leads.size();
      if (page.nextCursor() == null || leads.isEmpty()) {
        break;
      }
      Lead last = leads.get(leads.size() - 1);
      q = q.toBuilder().page(1).after(new SortKey(field.of(last), last.id())).build();
    }
    double[] c = cpu.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double[] w = wall.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    String outcome = String.format("200 %d pages, %d of total %d leads%s", c.length, seen, total, seen == total ? "" : " INCOMPLETE");
    return new Measured(name, cpu.get(0), c[c.length / 2], c[c.length - 1], w[w.length / 2],
        w[Math.max(0, (int) Math.ceil(w.length * 0.99) - 1)], 0, outcome, query);
  }

  /** The engine over the named data set (a {@link HostileDataset}, {@code churn} or {@code tenants}). */
  static IndexBench.Engine build(String name) {
    int partitions = IndexBench.PARTITIONS;
    LocalIndexes indexes = new LocalIndexes();
    List<Map<String, Lead>> stores = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      Map<String, Lead> store = new ConcurrentHashMap<>();
      stores.add(store);
      indexes.register(new PartitionIndex(p, store::get));
    }
    boolean churn = name.equals("churn");
    HostileDataset data = churn || name.equals("tenants") ? HostileDataset.ORDINARY : HostileDataset.fromWire(name);
    int initial = churn ? LEADS + LEADS / 5 : LEADS;
    for (int i = 0; i < initial; i++) {
      Lead lead = data.lead(SEED, WORKSPACE, i);
      stores.get(IndexBench.partitionOf(lead.id())).put(lead.id(), lead);
    }
    if (name.equals("tenants")) {
      for (int t = 0; t < TENANTS; t++) {
        for (int i = 0; i < TENANT_LEADS; i++) {
          Lead lead = HostileDataset.tenantLead(SEED, t, i);
          stores.get(IndexBench.partitionOf(lead.id())).put(lead.id(), lead);
        }
      }
    }
    long start = System.nanoTime();
    for (int p = 0; p < partitions; p++) {
      indexes.partition(p).orElseThrow().loadAll(stores.get(p).values().iterator());
    }
    IndexBench.Engine engine = new IndexBench.Engine(
        indexes, stores, initial, (System.nanoTime() - start) / 1e9, LocalLeadQueryService.DEFAULT_WORK_BUDGET);
    if (churn) {
      churn(engine, data, initial);
    }
    int large = (int) engine.service().list(WORKSPACE, LeadQuery.builder().limit(1).build()).pagination().total();
    return new IndexBench.Engine(indexes, stores, large, engine.loadSeconds(), engine.workBudget());
  }

  /**
   * Through the index's writes: every third lead deleted, every third renamed with a new status,
   * then new leads added in the freed doc numbers, until the workspace holds {@link #LEADS} again.
   */
  private static void churn(IndexBench.Engine engine, HostileDataset data, int initial) {
    for (int i = 0; i < initial; i++) {
      String id = data.lead(SEED, WORKSPACE, i).id();
      int p = IndexBench.partitionOf(id);
      Map<String, Lead> store = engine.stores().get(p);
      Lead before = store.get(id);
      if (i % 3 == 0) {
        engine.indexes().partition(p).orElseThrow().change(() -> store.remove(id), before, null);
      } else {
        Lead after = HostileDataset.churnOf(SEED, WORKSPACE, before, i);
        if (after != null) {
          engine.apply(after);
        }
      }
    }
    for (int i = initial, added = 0; added < LEADS - (initial - (initial + 2) / 3); i++, added++) {
      engine.apply(data.lead(SEED, WORKSPACE, i));
    }
  }

  private static long total(LocalLeadQueryService service, String workspace, String query) {
    try {
      return service.list(workspace, IndexBench.parse(query), WorkBudget.unlimited()).pagination().total();
    } catch (QueryTooExpensiveException e) {
      return 1;
    }
  }

  private static String bigrams(int count) {
    String frequent = "eantiorslcdmuh";
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < frequent.length() && pairs.size() < count; i++) {
      for (int j = 0; j < frequent.length() && pairs.size() < count; j++) {
        if (i != j) {
          pairs.add("" + frequent.charAt(i) + frequent.charAt(j));
        }
      }
    }
    return String.join(" ", pairs);
  }

  /** {@code text} repeated up to {@code chars} chars, trimmed (at a code point boundary). */
  private static String repeatTo(String text, int chars) {
    String repeated = text.repeat(chars / text.length() + 1);
    int end = repeated.offsetByCodePoints(0, Math.min(chars, repeated.codePointCount(0, repeated.length())));
    return repeated.substring(0, end).trim();
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
