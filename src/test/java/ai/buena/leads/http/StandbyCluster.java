package ai.buena.leads.http;

import static ai.buena.leads.testing.ClosedConnections.closeAfterAnswer;

import ai.buena.leads.http.Readiness.Status;
import ai.buena.leads.index.IndexRole;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.index.RetiredCopy;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.consistency.AppliedOffsets;
import ai.buena.leads.consistency.ConsistencyToken;
import ai.buena.leads.query.Answered;
import ai.buena.leads.query.AnsweringOwners;
import ai.buena.leads.query.ClusterLeadQueryService;
import ai.buena.leads.query.ClusterView;
import ai.buena.leads.query.ForwardingRemoteInstances;
import ai.buena.leads.query.HostAddress;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.PartialAnswer;
import ai.buena.leads.query.RemoteInstances;
import ai.buena.leads.query.LocalLeadQueryService;
import ai.buena.leads.query.Placement;
import ai.buena.leads.query.StandbyBound;
import ai.buena.leads.query.Window;
import ai.buena.leads.query.StandbyCopies;
import ai.buena.leads.query.TestLeads;
import ai.buena.leads.query.UnavailableException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Instances of one cluster over real HTTP and the real query engine, without a broker, each with
 * the active partitions and the standby copies it is given (copies hold the same leads; their lag
 * is set by the test). Placement and lags can be changed, actives closed or retired (kept as the
 * copy of a task that left) and instances stopped while it runs; pass mutable sets to change the
 * placement. Each instance closes a retired copy once the partition's new owner answers for it.
 */
final class StandbyCluster implements AutoCloseable {
  static final int PARTITIONS = IndexedApi.PARTITIONS;
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  /** The leads the tests over this cluster use: 30 of {@link TestLeads#WORKSPACE}, a minute apart. */
  static final List<Lead> LEADS =
      IntStream.range(0, 30)
          .mapToObj(
              i ->
                  TestLeads.aLead("lead_" + i)
                      .createdAt(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i * 60L))
                      .build())
          .toList();

  final TestKeys keys = new TestKeys();
  final List<Node> nodes = new ArrayList<>();
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

  /** One instance: its indexes, its standby copies and their lags, its server and metrics. */
  final class Node {
    final LocalIndexes indexes = new LocalIndexes(new AppliedOffsets(), Duration.ofMinutes(5));
    final Map<Integer, PartitionIndex> copies = new ConcurrentHashMap<>();
    final Map<Integer, Long> lags = new ConcurrentHashMap<>();
    /** How far behind each retired copy is, by partition (absent: cannot be measured). */
    final Map<Integer, Long> retiredLags = new ConcurrentHashMap<>();
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final Set<Integer> activePartitions;
    final Set<Integer> standbyPartitions;
    /** Peers whose page reads fail for this instance, as when a peer stops between the two steps. */
    final Set<HostAddress> failingPageReads = ConcurrentHashMap.newKeySet();
    /** Peers whose shares come without leads for this instance, as from an earlier version. */
    final Set<HostAddress> sendingNoLeads = ConcurrentHashMap.newKeySet();
    /** What this instance's readiness says (ready unless a test says otherwise). */
    volatile Status readiness = Status.ok();
    /** How many times this instance asked a peer for one lead. */
    final AtomicInteger leadCalls = new AtomicInteger();
    /** This instance's query service (what its API answers from). */
    ClusterLeadQueryService queries;
    /** How many times this instance asked a peer for a page's leads (the second call). */
    final AtomicInteger pageReads = new AtomicInteger();
    /** Run once before this instance's next page read, as a write landing between the two steps. */
    volatile Runnable beforeNextPageRead;
    ApiServer server;
    int port;

    Node(Set<Integer> activePartitions, Set<Integer> standbyPartitions) {
      this.activePartitions = activePartitions;
      this.standbyPartitions = standbyPartitions;
    }

    HostAddress address() {
      return new HostAddress("localhost", port);
    }

    /** Closes this instance's active index of the partition, as when its task moves away. */
    void closeActive(int partition) {
      PartitionIndex index = indexes.partition(partition).orElseThrow();
      indexes.unregister(index);
      index.close();
    }

    /**
     * Keeps this instance's active index of the partition as a retired copy {@code lag} records
     * behind, as when its task leaves this instance in a rebalance; the metadata no longer names
     * this instance for it.
     */
    void retireActive(int partition, long lag) {
      PartitionIndex index = indexes.activePartition(partition).orElseThrow();
      activePartitions.remove(partition);
      retiredLags.put(partition, lag);
      boolean kept =
          indexes.retire(
              new RetiredCopy(
                  index,
                  "leads-changelog",
                  partition,
                  100,
                  () -> {},
                  System.nanoTime()),
              index);
      if (!kept) {
        throw new IllegalStateException("partition " + partition + " was not retired");
      }
    }

    /** The partition's index over {@code leads} becomes this instance's active one. */
    void openActive(int partition, List<Lead> leads) {
      indexes.closeRetired(partition);
      indexes.register(index(leads, partition));
      if (!activePartitions.contains(partition)) {
        activePartitions.add(partition);
      }
    }

    void stop() {
      server.close();
    }

    ApiResponse get(String pathAndQuery, String... headers) {
      HttpRequest.Builder request =
          closeAfterAnswer(
                  HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery)))
              .timeout(TIMEOUT)
              .GET();
      for (int i = 0; i < headers.length; i += 2) {
        request.header(headers[i], headers[i + 1]);
      }
      try {
        HttpResponse<String> response =
            client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new ApiResponse(response.statusCode(), response.headers().map(), response.body());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    ApiResponse list(String query, String apiKey) {
      return get(ApiServer.LEADS + query, Authenticator.HEADER, apiKey);
    }
  }

  /**
   * @param placement for each instance, its active partitions and its standby partitions
   * @param bound how far behind a standby copy may answer
   */
  StandbyCluster(List<Lead> leads, List<Map.Entry<Set<Integer>, Set<Integer>>> placement, StandbyBound bound) {
    for (Map.Entry<Set<Integer>, Set<Integer>> held : placement) {
      nodes.add(new Node(held.getKey(), held.getValue()));
    }
    for (Node node : nodes) {
      node.activePartitions.forEach(p -> node.indexes.register(index(leads, p)));
      node.standbyPartitions.forEach(
          p -> {
            node.copies.put(p, index(leads, p));
            node.indexes.register(node.copies.get(p), IndexRole.STANDBY);
            node.lags.put(p, 0L);
          });
      LocalLeadQueryService local =
          new LocalLeadQueryService(
              node.indexes,
              PARTITIONS,
              () -> true,
              IndexedApi::partitionOf,
              LocalLeadQueryService.DEFAULT_WORK_BUDGET,
              copies(node));
      node.server =
          ApiServer.start(
              0,
              () -> node.readiness,
              node.queries =
                  new ClusterLeadQueryService(local, view(node), remotes(node), TIMEOUT, bound),
              keys,
              local,
              IndexedApi.CLUSTER_SECRET,
              node.registry,
              ServerOptions.defaults());
      node.port = node.server.port();
      node.indexes.dropRetiredWhen(new AnsweringOwners(view(node), remotes(node)));
    }
  }

  /**
   * The peers over real HTTP, but page reads from {@link Node#failingPageReads} fail (and their
   * shares come without leads, so that the page must be read).
   */
  private static RemoteInstances remotes(Node node) {
    RemoteInstances http = new HttpRemoteInstances(IndexedApi.CLUSTER_SECRET, TIMEOUT);
    return new ForwardingRemoteInstances(http) {
      @Override
      public CompletableFuture<PartialAnswer> partial(
          HostAddress host, String workspaceId, LeadQuery query, Set<Integer> partitions,
          StandbyBound bound, ConsistencyToken after, boolean withLeads, Window window) {
        // a host whose page reads fail sends its positions without leads, as an instance of an
        // earlier version would, so that the page is read in a second call
        return super.partial(
            host, workspaceId, query, partitions, bound, after,
            withLeads
                && !node.failingPageReads.contains(host)
                && !node.sendingNoLeads.contains(host),
            window);
      }

      @Override
      public CompletableFuture<Answered<Optional<Lead>>> lead(
          HostAddress host, String workspaceId, String leadId, StandbyBound bound, ConsistencyToken after) {
        node.leadCalls.incrementAndGet();
        return super.lead(host, workspaceId, leadId, bound, after);
      }

      @Override
      public CompletableFuture<Answered<Map<String, Lead>>> leads(
          HostAddress host, String workspaceId, List<String> leadIds, StandbyBound bound) {
        node.pageReads.incrementAndGet();
        Runnable write = node.beforeNextPageRead;
        if (write != null) {
          node.beforeNextPageRead = null;
          write.run();
        }
        return node.failingPageReads.contains(host)
            ? CompletableFuture.failedFuture(
                new UnavailableException(host + " is stopping", Duration.ofSeconds(1)))
            : super.leads(host, workspaceId, leadIds, bound);
      }
    };
  }

  /** The partition's index over the leads it holds, in a map standing for its store. */
  private static PartitionIndex index(List<Lead> leads, int partition) {
    Map<String, Lead> store = new HashMap<>();
    PartitionIndex index = new PartitionIndex(partition, store::get);
    for (Lead lead : leads) {
      if (IndexedApi.partitionOf(lead.id()) == partition) {
        Lead before = store.get(lead.id());
        index.change(() -> store.put(lead.id(), lead), before, lead);
      }
    }
    return index;
  }

  private static StandbyCopies copies(Node node) {
    return new StandbyCopies() {
      @Override
      public OptionalLong recordsBehind(int partition) {
        Long lag = node.lags.get(partition);
        return lag == null ? OptionalLong.empty() : OptionalLong.of(lag);
      }

      @Override
      public OptionalLong recordsBehind(RetiredCopy copy) {
        Long lag = node.retiredLags.get(copy.partition());
        return lag == null ? OptionalLong.empty() : OptionalLong.of(lag);
      }

      @Override
      public Optional<Lead> lead(int partition, String leadId) {
        return Optional.ofNullable(node.copies.get(partition))
            .map(copy -> copy.lead(leadId))
            .or(
                () -> {
                  throw new UnavailableException("no copy", Duration.ofSeconds(1));
                });
      }
    };
  }

  /** What Kafka Streams' metadata would say: the placement given at the start. */
  private ClusterView view(Node self) {
    return new ClusterView() {
      @Override
      public HostAddress self() {
        return self.address();
      }

      @Override
      public Map<HostAddress, Set<Integer>> activeOwners() {
        throw new UnsupportedOperationException("the cluster asks for the placement");
      }

      @Override
      public Placement placement() {
        Map<Integer, HostAddress> actives = new HashMap<>();
        Map<Integer, Set<HostAddress>> standbys = new HashMap<>();
        for (Node node : nodes) {
          node.activePartitions.forEach(p -> actives.put(p, node.address()));
          node.standbyPartitions.forEach(
              p -> standbys.computeIfAbsent(p, x -> new java.util.HashSet<>()).add(node.address()));
        }
        return new Placement(PARTITIONS, actives, standbys);
      }

      @Override
      public Optional<HostAddress> ownerOf(String leadId) {
        return placement().active(IndexedApi.partitionOf(leadId));
      }

      @Override
      public Set<HostAddress> instances() {
        Set<HostAddress> all = new java.util.HashSet<>();
        nodes.forEach(node -> all.add(node.address()));
        return all;
      }

      @Override
      public Set<HostAddress> standbysOf(String leadId) {
        return placement().standbys(IndexedApi.partitionOf(leadId));
      }
    };
  }

  /** A key that may read {@link TestLeads#WORKSPACE}. */
  String readKey() {
    return keys.issue(TestLeads.WORKSPACE, "leads:read");
  }

  /** The total a list answer gives. */
  static long total(ApiResponse answer) {
    return answer.json().at("/data/pagination/total").asLong();
  }

  /** The id of one of {@link #LEADS} in {@code partition}. */
  static String idInPartition(int partition) {
    return LEADS.stream()
        .map(Lead::id)
        .filter(id -> IndexedApi.partitionOf(id) == partition)
        .findFirst()
        .orElseThrow();
  }

  @Override
  public void close() {
    nodes.forEach(node -> node.server.close());
  }
}
