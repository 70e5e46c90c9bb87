package ai.buena.leads.http;

import static ai.buena.leads.testing.ClosedConnections.closeAfterAnswer;

import ai.buena.leads.http.Readiness.Status;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.query.ClusterLeadQueryService;
import ai.buena.leads.query.ClusterView;
import ai.buena.leads.query.LeadQueryService;
import ai.buena.leads.query.LocalLeadQueryService;
import ai.buena.leads.query.RemoteInstances;
import ai.buena.leads.query.StandbyBound;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The real server on port 0 over the real query engine ({@link LocalLeadQueryService} and its
 * indexes, leads held in maps instead of RocksDB), with the internal routes on, and a client.
 */
final class IndexedApi implements AutoCloseable {
  static final String CLUSTER_SECRET = "indexed-api-cluster-secret-0123";
  static final int PARTITIONS = 3;
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  final TestKeys keys;
  final LocalLeadQueryService engine;
  final ApiServer server;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

  IndexedApi(List<Lead> leads) {
    this(leads, ServerOptions.defaults());
  }

  IndexedApi(List<Lead> leads, ServerOptions options) {
    this(leads, options, new TestKeys());
  }

  /** A server of its own over all of {@code leads}, with keys shared with other servers. */
  IndexedApi(List<Lead> leads, ServerOptions options, TestKeys sharedKeys) {
    this(leads, options, sharedKeys, null);
  }

  /** The same, recording its metrics in {@code registry} (null: none). */
  IndexedApi(List<Lead> leads, ServerOptions options, TestKeys sharedKeys, PrometheusMeterRegistry registry) {
    keys = sharedKeys;
    engine = engine(leads, Set.of(0, 1, 2));
    server =
        ApiServer.start(0, Status::ok, engine, keys, engine, CLUSTER_SECRET, registry, options);
  }

  /** An instance of a cluster: its own engine over the {@code held} partitions, the rest asked. */
  IndexedApi(LocalLeadQueryService engine, ClusterView cluster, TestKeys sharedKeys) {
    this(engine, cluster, sharedKeys, ServerOptions.defaults());
  }

  IndexedApi(
      LocalLeadQueryService engine, ClusterView cluster, TestKeys sharedKeys, ServerOptions options) {
    this(engine, cluster, sharedKeys, options, httpPeers(), StandbyBound.OFF);
  }

  /** The other instances over HTTP, with this cluster's credential. */
  static RemoteInstances httpPeers() {
    return new HttpRemoteInstances(CLUSTER_SECRET, TIMEOUT);
  }

  /** An instance of a cluster that asks its peers through {@code remote}, standby answers within {@code bound}. */
  IndexedApi(
      LocalLeadQueryService engine,
      ClusterView cluster,
      TestKeys sharedKeys,
      ServerOptions options,
      RemoteInstances remote,
      StandbyBound bound) {
    this.engine = engine;
    this.keys = sharedKeys;
    LeadQueryService queries = new ClusterLeadQueryService(engine, cluster, remote, TIMEOUT, bound);
    server =
        ApiServer.start(
            0, Status::ok, queries, sharedKeys, engine, CLUSTER_SECRET, null, options);
  }

  /** The engine of an instance holding the {@code held} partitions of {@code leads}. */
  static LocalLeadQueryService engine(List<Lead> leads, Set<Integer> held) {
    return engine(leads, held, LocalLeadQueryService.DEFAULT_WORK_BUDGET);
  }

  /** {@link #engine(List, Set)}, refusing a request that needs more than {@code workBudget} units. */
  static LocalLeadQueryService engine(List<Lead> leads, Set<Integer> held, long workBudget) {
    return new WritableEngine(leads, held, workBudget).engine;
  }

  static int partitionOf(String leadId) {
    return Math.floorMod(leadId.hashCode(), PARTITIONS);
  }

  int port() {
    return server.port();
  }

  /** A GET with {@code headers} (name, value, ...); the path and query are sent as given. */
  ApiResponse get(String pathAndQuery, String... headers) {
    return send("GET", pathAndQuery, headers);
  }

  /** A request without a body, as {@link #get}. */
  ApiResponse send(String method, String pathAndQuery, String... headers) {
    HttpRequest.Builder request =
        closeAfterAnswer(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port() + pathAndQuery)))
            .timeout(TIMEOUT)
            .method(method, HttpRequest.BodyPublishers.noBody());
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
    return get("/api/v2/leads" + query, Authenticator.HEADER, apiKey);
  }

  @Override
  public void close() {
    server.close();
  }
}
