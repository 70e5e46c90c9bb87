package ai.buena.leads.testing;

import static org.awaitility.Awaitility.await;

import ai.buena.leads.auth.ApiKeyFormat;
import ai.buena.leads.auth.ApiKeyStore;
import ai.buena.leads.runtime.topics.TopicDeclarations;
import ai.buena.leads.runtime.topics.TopicProvisioner;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Several {@code serve} processes of one application id ({@link ServiceProcess}), each with its own
 * port, data directory and (by default) its static instance name {@code <host>-<port>}, one
 * standby replica: the cluster of issue 12's scenarios.
 */
public final class ServiceCluster implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private final String bootstrapServers;
  private final String applicationId;
  private final String clusterSecret;
  private final Path dataDir;
  private final Path logDir;
  private final List<String> extraArgs;
  private final List<String> jvmOptions;
  private final List<ServiceProcess> instances = new CopyOnWriteArrayList<>();
  /** The instances that said ready since their latest start: what a load balancer routes to. */
  private final Set<ServiceProcess> routed = ConcurrentHashMap.newKeySet();

  /**
   * @param extraArgs more {@code serve} flags for every instance (e.g. {@code --session-timeout})
   * @param jvmOptions the JVM options of every instance (e.g. {@code -Xmx512m})
   */
  public ServiceCluster(
      String bootstrapServers,
      String applicationId,
      String clusterSecret,
      Path dataDir,
      Path logDir,
      List<String> extraArgs,
      List<String> jvmOptions) {
    this.bootstrapServers = bootstrapServers;
    this.applicationId = applicationId;
    this.clusterSecret = clusterSecret;
    this.dataDir = dataDir;
    this.logDir = logDir;
    this.extraArgs = List.copyOf(extraArgs);
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  /** Creates the declared topics on a test broker (one replica), before any data or key. */
  public static void provisionTopics(String bootstrapServers) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      new TopicProvisioner(admin, TopicDeclarations.loadFromClasspath(), true, Duration.ofSeconds(60))
          .apply();
    }
  }

  /** A new API key that may read {@code workspace}; returns it in clear. */
  public static String createReadKey(String bootstrapServers, String workspace) {
    String key = ApiKeyFormat.generate();
    try (ApiKeyStore keys = new ApiKeyStore(bootstrapServers)) {
      keys.createWithValue(key, workspace, Set.of("leads:read"), "scenario");
    }
    return key;
  }

  /** A new instance of the cluster, not started yet. */
  public ServiceProcess add(String name) {
    int port = FreePorts.take(1).get(0);
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--bootstrap-servers", bootstrapServers,
            "--data-dir", dataDir.resolve(name).toString(),
            "--application-id", applicationId,
            "--advertised-url", "http://localhost:" + port,
            "--cluster-secret", clusterSecret,
            "--standby-replicas", "1",
            "--cap-replication"));
    args.addAll(extraArgs);
    ServiceProcess instance =
        ServiceProcess.serve(name, port, args, logDir).withJvmOptions(jvmOptions);
    instances.add(instance);
    return instance;
  }

  public List<ServiceProcess> instances() {
    return List.copyOf(instances);
  }

  /**
   * What {@link AvailabilityPoller} asks, as a load balancer would route: each instance from the
   * moment {@link #awaitReady} saw it ready until its process ends (through its drain period).
   * {@code extra} are instances added later (e.g. a joiner), asked on the same terms.
   */
  public List<AvailabilityPoller.Target> targets(ServiceProcess... extra) {
    List<ServiceProcess> all = new ArrayList<>(instances);
    all.addAll(List.of(extra));
    return all.stream()
        .distinct()
        .map(
            i ->
                new AvailabilityPoller.Target(
                    i.name(), i.baseUrl(), () -> routed.contains(i) && i.isAlive()))
        .toList();
  }

  /** Starts (or restarts) {@code instance}; it is not routed to until {@link #awaitReady}. */
  public ServiceProcess start(ServiceProcess instance) {
    routed.remove(instance);
    return instance.start();
  }

  /** Until {@code /health/ready} of {@code instance} answers 200; from then on it is routed to. */
  public void awaitReady(ServiceProcess instance, Duration deadline) {
    await()
        .atMost(deadline)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> status(instance.baseUrl() + "/health/ready", null) == 200);
    routed.add(instance);
  }

  /** Until {@code GET pathAndQuery} on {@code instance} answers 200 with {@code total}. */
  public static void awaitTotal(
      ServiceProcess instance, String pathAndQuery, String apiKey, long total, Duration deadline) {
    await()
        .atMost(deadline)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> totalOf(instance.baseUrl() + pathAndQuery, apiKey) == total);
  }

  /**
   * The rolling restart of a deployment: for each instance in turn, SIGTERM and wait for its exit,
   * start it again on its data directory, wait until it is ready, then the next.
   */
  public void rollingRestart(Duration eachDeadline) {
    rollingRestart(eachDeadline, step -> {});
  }

  /** {@link #rollingRestart(Duration)}, telling {@code steps} each step as it happens. */
  public void rollingRestart(Duration eachDeadline, java.util.function.Consumer<String> steps) {
    for (ServiceProcess instance : instances) {
      steps.accept("sigterm " + instance.name());
      instance.sigterm();
      instance.awaitExit(eachDeadline);
      steps.accept("exited " + instance.name());
      start(instance);
      steps.accept("started " + instance.name());
      awaitReady(instance, eachDeadline);
      steps.accept("ready " + instance.name());
    }
  }

  @Override
  public void close() {
    instances.forEach(ServiceProcess::close);
  }

  /**
   * The lines of the instances' logs that contain one of {@code words}, each prefixed with its
   * file's name: the reasons behind their answers, for a failing test's message (the logs
   * themselves are gone with a CI machine's build directory).
   */
  public String logLines(List<String> words) {
    StringBuilder lines = new StringBuilder();
    try (java.util.stream.Stream<Path> logs = Files.list(logDir)) {
      for (Path log : logs.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
        for (String line : Files.readAllLines(log)) {
          if (words.stream().anyMatch(line::contains)) {
            lines.append(log.getFileName()).append(": ").append(line).append('\n');
          }
        }
      }
    } catch (IOException e) {
      lines.append("(logs unreadable: ").append(e).append(")\n");
    }
    return lines.toString();
  }

  private static int status(String url, String apiKey) {
    try {
      return send(url, apiKey).statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  private static long totalOf(String url, String apiKey) {
    try {
      HttpResponse<String> response = send(url, apiKey);
      return response.statusCode() != 200
          ? -1
          : JSON.readTree(response.body()).path("data").path("pagination").path("total").asLong(-1);
    } catch (IOException e) {
      return -1;
    }
  }

  private static HttpResponse<String> send(String url, String apiKey) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
    if (apiKey != null) {
      request.header("x-api-key", apiKey);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
