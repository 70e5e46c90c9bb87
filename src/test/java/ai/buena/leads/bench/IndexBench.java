package ai.buena.leads.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.http.ListLeadsParams;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import ai.buena.leads.query.Cursors;
import ai.buena.leads.query.LeadPage;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.LocalLeadQueryService;
import ai.buena.leads.query.QueryTooExpensiveException;
import ai.buena.leads.query.StandbyBound;
import ai.buena.leads.query.Window;
import ai.buena.leads.testing.ReferenceProjection;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * The query engine alone, without Kafka or HTTP: the leads of {@link QueryBench}'s large workspace
 * folded by the reference, loaded into six partition indexes as the processor loads them, and each
 * {@link QueryShape} answered in-process by {@link LocalLeadQueryService}. Prints the rebuild time
 * and per-shape latencies; for finding where engine time goes before measuring over HTTP.
 *
 * <p>{@code mvn -Pbench verify -Dit.test=IndexBench -Dbench.leads=1000000
 * [-Dbench.distribution=skewed] [-Dbench.shapes=search,title] [-Dbench.partitions=6]
 * [-Dbench.build.events=true]}: the last builds the indexes event by event, as a running instance
 * does, instead of loading the final leads as a restart does.
 */
class IndexBench {
  private static final int LEADS = Integer.getInteger("bench.leads", 100_000);
  private static final int REQUESTS = Integer.getInteger("bench.requests", 2_000);
  static final int PARTITIONS = Integer.getInteger("bench.partitions", 6);
  /** The leads dealt round-robin to this many workspaces when built by load (1: all in {@link #WORKSPACE}). */
  private static final int WORKSPACES = Integer.getInteger("bench.workspaces", 1);
  static final String WORKSPACE = "ws_bench";
  private static final String CURSOR_PAGE = "cursor-page";
  /** {@code -Dbench.mix.lastPages=true}: the mix asks each request's last page instead of pages 1–30. */
  private static final boolean LAST_PAGES = Boolean.getBoolean("bench.mix.lastPages");
  /**
   * The mix's requests: {@code -Dbench.mix.ranges=true} the mix of date ranges ({@link
   * QueryShape#RANGE_MIX}), {@code -Dbench.mix.template=...} any template ({@link RequestTemplate}),
   * else {@link QueryShape#RANDOM_MIX}.
   */
  private static final String MIX =
      System.getProperty(
          "bench.mix.template",
          Boolean.getBoolean("bench.mix.ranges") ? QueryShape.RANGE_MIX : QueryShape.RANDOM_MIX);

  @Test
  void measureTheQueryEngineAlone() {
    Engine engine = Engine.build(LEADS);
    System.out.printf(
        "BENCH index %s: %d leads (%s) in %.1fs, load average %.2f%n",
        Boolean.getBoolean("bench.build.events") ? "built event by event (generation included)" : "rebuild (as at task start, one thread)",
        engine.leads(), BenchDataset.DISTRIBUTION.wire(), engine.loadSeconds(), BenchSetup.loadAverage());
    System.out.printf(
        "BENCH decoding the leads' JSON (what the store adds to the rebuild): %d leads in %.1fs%n",
        engine.leads(), decodeSeconds(engine));
    LocalLeadQueryService service = engine.service();
    if (Boolean.getBoolean("bench.export")) {
      measureExports(service);
    }
    if (Boolean.getBoolean("bench.windowRun")) {
      measureLongWindowRuns(service);
    }
    if (Boolean.getBoolean("bench.mix")) {
      measureEveryMixedRequest(service);
      return;
    }
    for (QueryShape shape : QueryShape.selected(shapes(service))) {
      LeadQuery query = shape.name().equals(CURSOR_PAGE) ? cursorPage(service) : parse(shape.query());
      LeadPage page;
      long first = System.nanoTime();
      try {
        page = service.list(WORKSPACE, query);
        first = System.nanoTime() - first;
      } catch (QueryTooExpensiveException refused) {
        System.out.printf("BENCH engine shape=%s refused: %s%n", shape.name(), refused.getMessage());
        continue;
      }
      assertThat(page.pagination().total()).isPositive();
      Latencies l = timed(() -> service.list(WORKSPACE, query), REQUESTS);
      System.out.printf(
          "BENCH engine shape=%s first=%.3fms p50=%.3fms p99=%.3fms max=%.3fms total=%d load=%.2f%n",
          shape.name(), first / 1e6, l.percentileMillis(50), l.percentileMillis(99), l.maxMillis(),
          page.pagination().total(), BenchSetup.loadAverage());
    }
  }

  /**
   * Exports the workspace through the engine with cursors ({@code limit=100}, {@code createdAt}
   * ascending), five times, printing each pass's microseconds per page: the engine's share of
   * {@code ExportBench}, each page on leads the pages before did not touch.
   */
  private static void measureExports(LocalLeadQueryService service) {
    LeadQuery export = parse("limit=100&sortBy=createdAt&sortOrder=asc");
    for (int pass = 1; pass <= 5; pass++) {
      long start = System.nanoTime();
      int pages = 0;
      long leads = 0;
      LeadQuery query = export;
      while (query != null) {
        LeadPage page = service.list(WORKSPACE, query);
        pages++;
        leads += page.leads().size();
        query =
            page.nextCursor() == null
                ? null
                : export.toBuilder().after(Cursors.decode(page.nextCursor(), export).orElseThrow()).build();
      }
      System.out.printf(
          "BENCH engine export pass=%d pages=%d leads=%d microsPerPage=%.1f%n",
          pass, pages, leads, (System.nanoTime() - start) / 1e3 / pages);
    }
  }

  /**
   * Times the run one instance sends for a deep page's second round ({@code Window.SECOND_SIGMAS}
   * and a slack of a thirtieth of the matches) around the middle of the answer, in {@code createdAt}
   * order, unfiltered and for {@code status=new}: the longest runs an instance sends.
   */
  private static void measureLongWindowRuns(LocalLeadQueryService service) {
    Set<Integer> all = Set.copyOf(IntStream.range(0, PARTITIONS).boxed().toList());
    for (String filter : List.of("", "status=new&")) {
      LeadQuery q = parse(filter + "limit=100&sortBy=createdAt&sortOrder=asc");
      long matches = service.list(WORKSPACE, q).pagination().total();
      Window window = new Window(matches / 2, matches, Window.SECOND_SIGMAS, matches / 30);
      int length = service.partial(WORKSPACE, q, all, StandbyBound.OFF, null, false, window).first().size();
      Latencies l =
          timed(() -> service.partial(WORKSPACE, q, all, StandbyBound.OFF, null, false, window), 400);
      System.out.printf(
          "BENCH engine window-run filter=%s matches=%d leads=%d p50=%.3fms p99=%.3fms load=%.2f%n",
          filter.isEmpty() ? "none" : filter.substring(0, filter.length() - 1), matches, length,
          l.percentileMillis(50), l.percentileMillis(99), BenchSetup.loadAverage());
    }
  }

  /**
   * Every request the mix ({@link #MIX}) stands for (e.g. any one filter or none, any sort, size
   * and page of the first 30), each once after 2,000 drawn at random to warm up: how many the
   * budget refuses (each named), the percentiles, and the 40 slowest with their totals.
   */
  private static void measureEveryMixedRequest(LocalLeadQueryService service) {
    RequestTemplate mix = new RequestTemplate(MIX);
    Supplier<String> drawn = mix.draws(new Random(42));
    for (int i = 0; i < 2_000; i++) {
      try {
        service.list(WORKSPACE, parse(drawn.get()));
      } catch (QueryTooExpensiveException refused) {
        // counted in the measured pass
      }
    }
    List<String> refused = new ArrayList<>();
    List<Map.Entry<Long, String>> times = new ArrayList<>();
    mix.each(
        asked -> {
          String query = LAST_PAGES ? lastPage(service, asked) : asked;
          if (query == null) {
            return;
          }
          LeadQuery q = parse(query);
          long start = System.nanoTime();
          try {
            long total = service.list(WORKSPACE, q).pagination().total();
            times.add(Map.entry(System.nanoTime() - start, query + " total=" + total));
          } catch (QueryTooExpensiveException e) {
            refused.add(query);
          }
        });
    long[] nanos = times.stream().mapToLong(Map.Entry::getKey).toArray();
    Latencies l = Latencies.of(nanos, Arrays.stream(nanos).sum());
    System.out.printf(
        "BENCH engine mix requests=%d refused=%d p50=%.3fms p90=%.3fms p99=%.3fms max=%.3fms load=%.2f%n",
        times.size() + refused.size(), refused.size(), l.percentileMillis(50), l.percentileMillis(90),
        l.percentileMillis(99), l.maxMillis(), BenchSetup.loadAverage());
    refused.forEach(query -> System.out.println("BENCH engine mix refused " + query));
    times.sort(Map.Entry.<Long, String>comparingByKey().reversed());
    times.stream()
        .limit(40)
        .forEach(t -> System.out.printf("BENCH engine mix slow %.3fms %s%n", t.getKey() / 1e6, t.getValue()));
  }

  /**
   * With {@link #LAST_PAGES}: for a request of the mix's first page, the same request for its
   * answer's last page (found by asking the first page, untimed); null for the mix's other pages.
   */
  private static String lastPage(LocalLeadQueryService service, String query) {
    if (!query.endsWith("&page=1")) {
      return null;
    }
    long total;
    try {
      total = service.list(WORKSPACE, parse(query)).pagination().total();
    } catch (QueryTooExpensiveException e) {
      return query;
    }
    int limit = parse(query).limit();
    long last = Math.max(1, (total + limit - 1) / limit);
    return query.substring(0, query.length() - 1) + last;
  }

  /** {@code requests} timed runs of {@code request} after a quarter as many to warm up. */
  static Latencies timed(Runnable request, int requests) {
    for (int i = 0; i < requests / 4; i++) {
      request.run();
    }
    long[] nanos = new long[requests];
    long wall = System.nanoTime();
    for (int i = 0; i < requests; i++) {
      long t = System.nanoTime();
      request.run();
      nanos[i] = System.nanoTime() - t;
    }
    return Latencies.of(nanos, System.nanoTime() - wall);
  }

  /**
   * The cursor page of an export after the middle page's last lead: {@code limit=100},
   * {@code createdAt} ascending, as {@code CursorExport} asks for each page.
   */
  private static LeadQuery cursorPage(LocalLeadQueryService service) {
    LeadQuery export = parse("limit=100&sortBy=createdAt&sortOrder=asc");
    LeadPage middle = service.list(WORKSPACE, export.toBuilder().page(Math.max(1, LEADS / 200)).build());
    return export.toBuilder().after(Cursors.decode(middle.nextCursor(), export).orElseThrow()).build();
  }

  /**
   * {@link QueryShape#forLeads}, the last page of {@code status=new} at 100 leads a page, and a
   * cursor page of an export ({@link #cursorPage}).
   */
  private static List<QueryShape> shapes(LocalLeadQueryService service) {
    List<QueryShape> shapes = new ArrayList<>(QueryShape.forLeads(LEADS));
    shapes.add(new QueryShape(CURSOR_PAGE, "(a cursor after the middle page, createdAt asc, limit=100)"));
    long newLeads = service.list(WORKSPACE, parse("status=new&limit=1")).pagination().total();
    shapes.add(new QueryShape("status-last-page", "status=new&limit=100&page=" + Math.max(1, (newLeads + 99) / 100)));
    return shapes;
  }

  /**
   * {@code leads} generated leads of {@link #WORKSPACE} in {@link #PARTITIONS} partition indexes,
   * loaded as a task loads them, with their stores (maps) and a query service over them.
   */
  record Engine(
      LocalIndexes indexes, List<Map<String, Lead>> stores, int leads, double loadSeconds, long workBudget) {

    static Engine build(int count) {
      return Boolean.getBoolean("bench.build.events") ? buildByEvents(count) : buildByLoad(count);
    }

    /** As a task's start rebuilds the indexes: the final leads, loaded in one pass per partition. */
    static Engine buildByLoad(int count) {
      ReferenceProjection reference = new ReferenceProjection();
      BenchDataset.generator(42, WORKSPACE).generate(count, reference::apply);
      Map<String, Lead> leads = reference.leadsOf(WORKSPACE);
      LocalIndexes indexes = new LocalIndexes();
      List<Map<String, Lead>> stores = emptyPartitions(indexes);
      int dealt = 0;
      for (Lead lead : leads.values()) {
        Lead placed = WORKSPACES == 1 ? lead : inWorkspace(lead, dealt++ % WORKSPACES);
        stores.get(partitionOf(lead.id())).put(lead.id(), placed);
      }
      long start = System.nanoTime();
      for (int p = 0; p < PARTITIONS; p++) {
        indexes.partition(p).orElseThrow().loadAll(stores.get(p).values().iterator());
      }
      return new Engine(
          indexes, stores, leads.size(), (System.nanoTime() - start) / 1e9, LocalLeadQueryService.DEFAULT_WORK_BUDGET);
    }

    /**
     * As a running instance builds its indexes ({@code -Dbench.build.events=true}): every generated
     * event applied to its partition's store and index in turn, as the processor applies it.
     */
    static Engine buildByEvents(int count) {
      LocalIndexes indexes = new LocalIndexes();
      List<Map<String, Lead>> stores = emptyPartitions(indexes);
      long start = System.nanoTime();
      long[] changes = new long[2];
      ReferenceProjection reference =
          new ReferenceProjection()
              .onApplied(
                  (leadId, lead) -> {
                    int p = partitionOf(leadId);
                    Map<String, Lead> store = stores.get(p);
                    Runnable write = lead == null ? () -> store.remove(leadId) : () -> store.put(leadId, lead);
                    long changeStart = System.nanoTime();
                    indexes.partition(p).orElseThrow().change(write, store.get(leadId), lead);
                    changes[0] += System.nanoTime() - changeStart;
                    changes[1]++;
                  });
      BenchDataset.generator(42, WORKSPACE).generate(count, reference::apply);
      int leads = stores.stream().mapToInt(Map::size).sum();
      System.out.printf(
          "BENCH index changes alone (the store's map write included): %d changes in %.2fs, %.2f us a change%n",
          changes[1], changes[0] / 1e9, changes[0] / 1e3 / changes[1]);
      return new Engine(
          indexes, stores, leads, (System.nanoTime() - start) / 1e9, LocalLeadQueryService.DEFAULT_WORK_BUDGET);
    }

    /** {@code lead} in the {@code n}th workspace: {@link #WORKSPACE} for 0, {@code ws_<n>} beyond. */
    private static Lead inWorkspace(Lead lead, int n) {
      return new Lead(
          lead.id(), n == 0 ? WORKSPACE : "ws_" + n, lead.firstName(), lead.lastName(), lead.email(),
          lead.linkedinUrl(), lead.company(), lead.title(), lead.phone(), lead.location(), lead.status(),
          lead.source(), lead.notes(), lead.tags(), lead.customFields(), lead.createdAt(), lead.updatedAt(),
          lead.lastContactedAt());
    }

    /** {@link #PARTITIONS} empty stores, each with its partition index registered in {@code indexes}. */
    private static List<Map<String, Lead>> emptyPartitions(LocalIndexes indexes) {
      List<Map<String, Lead>> stores = new ArrayList<>();
      for (int p = 0; p < PARTITIONS; p++) {
        Map<String, Lead> store = new java.util.concurrent.ConcurrentHashMap<>();
        stores.add(store);
        indexes.register(new PartitionIndex(p, store::get));
      }
      return stores;
    }

    Engine withBudget(long workBudget) {
      return new Engine(indexes, stores, leads, loadSeconds, workBudget);
    }

    LocalLeadQueryService service() {
      return new LocalLeadQueryService(indexes, PARTITIONS, () -> true, IndexBench::partitionOf, workBudget);
    }

    /** Applies {@code lead} as the processor does: store and index in one step. */
    void apply(Lead lead) {
      int p = partitionOf(lead.id());
      Map<String, Lead> store = stores.get(p);
      indexes.partition(p).orElseThrow().change(() -> store.put(lead.id(), lead), store.get(lead.id()), lead);
    }
  }

  /** Encodes every lead as the leads store holds it, then times decoding them all again. */
  private static double decodeSeconds(Engine engine) {
    List<byte[]> stored = new ArrayList<>(engine.leads());
    for (Map<String, Lead> store : engine.stores()) {
      for (Lead lead : store.values()) {
        stored.add(LeadJson.toBytes(lead, true));
      }
    }
    long start = System.nanoTime();
    long fields = 0;
    for (byte[] json : stored) {
      fields += LeadJson.fromBytes(json).id().length();
    }
    assertThat(fields).isPositive();
    return (System.nanoTime() - start) / 1e9;
  }

  static int partitionOf(String leadId) {
    return Utils.toPositive(Utils.murmur2(leadId.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
  }

  static LeadQuery parse(String query) {
    Map<String, List<String>> raw = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      String[] kv = pair.split("=", 2);
      raw.computeIfAbsent(decode(kv[0]), k -> new ArrayList<>()).add(decode(kv[1]));
    }
    return ((ListLeadsParams.ParseResult.Valid) ListLeadsParams.parse(raw, ai.buena.leads.http.CursorSignatures.withRandomKey())).query();
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
