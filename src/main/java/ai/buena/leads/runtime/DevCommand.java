package ai.buena.leads.runtime;

import ai.buena.leads.auth.ApiKeyFormat;
import ai.buena.leads.auth.ApiKeyStore;
import ai.buena.leads.clients.KafkaClientConfig;
import ai.buena.leads.projection.TopicNames;
import ai.buena.leads.http.ClusterSecrets;
import ai.buena.leads.runtime.kafka.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description =
        "Starts a real single-node Kafka broker inside this process, applies topics/, runs the"
            + " projection and the HTTP API, and loads a demo workspace. Data lives under"
            + " --data-dir and survives restarts.")
final class DevCommand implements Callable<Integer> {
  /** Rate limits when {@code --rate-limits} is not given: off, for trying the API (runtime.md). */
  private static final String DEV_RATE_LIMITS = "off";

  private static final Duration STATE_CHECK_TIMEOUT = Duration.ofSeconds(30);

  @Spec CommandSpec spec;
  @Mixin ServiceOptions options;
  @Mixin KafkaConfigOption kafkaConfig;
  @Mixin TopicNameOptions topicNames;

  @Option(
      names = "--kafka-port",
      defaultValue = "${env:KAFKA_PORT:-9092}",
      description = "The embedded broker's port (env KAFKA_PORT, default 9092).")
  int kafkaPort;

  @Option(
      names = "--demo-leads",
      defaultValue = "1000",
      description = "Synthetic leads added to the demo workspace on first start (default 1000; 0 = none, not even the seed's two).")
  int demoLeads;

  @Option(
      names = "--dev-api-key",
      defaultValue = "${env:LEADS_DEV_API_KEY}",
      description = "The demo key's value (env LEADS_DEV_API_KEY, default random).")
  String devApiKey;

  @Override
  public Integer call() throws Exception {
    if (kafkaPort < 0 || kafkaPort > 65535) {
      throw new ParameterException(spec.commandLine(), "--kafka-port must be between 0 and 65535");
    }
    if (demoLeads < 0) {
      throw new ParameterException(spec.commandLine(), "--demo-leads must be at least 0");
    }
    // every value refused before the broker starts or anything is written
    options.check(DEV_RATE_LIMITS);
    Optional<List<String>> relaunch =
        DevRelaunch.commandForThisJvm(spec.root().commandLine().getParseResult().originalArgs());
    if (relaunch.isPresent()) {
      PrintWriter err = spec.commandLine().getErr();
      err.printf(
          "dev: no heap bound given (-Xmx): starting dev in a JVM with %s (give -Xmx to choose)%n",
          String.join(" ", DevRelaunch.BOUNDED_OPTIONS));
      err.flush();
      return DevRelaunch.run(relaunch.get());
    }
    DevRelaunch.exitWithLauncher();
    long started = System.nanoTime();
    Path dataDir = options.dataDir.toAbsolutePath().normalize();
    // refused before anything starts or is written: not after the broker opened its log
    try (DataDirectoryLock claimed = DataDirectoryLock.acquire(dataDir)) {
      HttpPort.requireFree(options.port);
      HttpPort.requireFreeForKafka(kafkaPort);
      if (RocksDbLibrary.loadFrom(dataDir)) {
        PrivateTempDirectory.useIn(dataDir);
      }
      return start(dataDir, started);
    }
  }

  private Integer start(Path dataDir, long started) throws Exception {
    if (devApiKey != null && !ApiKeyFormat.isWellFormed(devApiKey)) {
      throw new ParameterException(
          spec.commandLine(), "--dev-api-key must be bna_ followed by 64 lowercase hex characters");
    }
    String secret =
        options.clusterSecret != null
            ? options.clusterSecret
            : remembered(dataDir.resolve("cluster-secret"), DevCommand::randomHex);
    Optional<String> secretProblem = ClusterSecrets.problem(secret);
    if (secretProblem.isPresent()) {
      throw new ParameterException(
          spec.commandLine(),
          (options.clusterSecret != null
                  ? "--cluster-secret (or CLUSTER_SECRET) "
                  : dataDir.resolve("cluster-secret") + " (remembered cluster secret) ")
              + secretProblem.get());
    }
    String apiKey =
        devApiKey != null
            ? devApiKey
            : remembered(dataDir.resolve("dev-api-key"), ApiKeyFormat::generate);
    KafkaClientConfig clientSettings = kafkaConfig.load("localhost:" + kafkaPort, spec);
    TopicNames topics = topicNames.names(spec);
    PrintWriter out = spec.commandLine().getOut();
    try (Shutdown shutdown = new Shutdown();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), kafkaPort)) {
      String bootstrap = broker.bootstrapServers();
      KafkaClientConfig kafka = clientSettings.withBootstrapServers(bootstrap);
      Topics.apply(kafka, options.declaredTopics(topics), TopicsMode.CREATE, true);
      try (ApiKeyStore keys = new ApiKeyStore(kafka, topics.apiKeys())) {
        if (keys.wasRevoked(apiKey)) {
          if (devApiKey != null) {
            throw new ParameterException(
                spec.commandLine(), "--dev-api-key (or LEADS_DEV_API_KEY) names a revoked key");
          }
          // a revoked key stays revoked: the demo gets a new one
          apiKey = ApiKeyFormat.generate();
          writePrivate(dataDir.resolve("dev-api-key"), apiKey);
          out.println("The remembered demo key was revoked: this start made a new one.");
        }
        keys.createWithValue(
            apiKey, DemoData.WORKSPACE, Set.of("leads:read", "leads:write"), "dev demo key");
      }
      AppConfig config = options.toConfig(kafka, topics, broker.brokerCount(), 0, secret);
      try (Admin admin = KafkaPreflight.connect(kafka, STATE_CHECK_TIMEOUT, shutdown::requested)) {
        StateTopicsCheck.require(admin, config, STATE_CHECK_TIMEOUT);
      }
      try (LeadProjectionApp app = LeadProjectionApp.start(config, options.toServerOptions(DEV_RATE_LIMITS))) {
        boolean running = awaitRunningUnlessStopped(app, shutdown, Duration.ofSeconds(120));
        if (shutdown.requested()) {
          // Ctrl-C during the start: stop now, without the demo data
          return 0;
        }
        if (!running && app.projection().stoppedForGood()) {
          spec.commandLine().getErr().println("dev: the projection stopped for good (see the log above)");
          return ServeCommand.STOPPED_FOR_GOOD_EXIT;
        }
        if (!running) {
          spec.commandLine().getErr().println("the projection did not reach RUNNING within 120 s");
          return 1;
        }
        long loaded = demoLeads == 0 ? 0 : DemoData.loadIfEmpty(kafka, topics.leadEvents(), demoLeads);
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        out.printf("lead-projection dev is up in %d ms%n", millis);
        out.printf("  API:    http://localhost:%d  (ready: http://localhost:%d/health/ready)%n",
            app.httpPort(), app.httpPort());
        out.printf("  Kafka:  %s%n", bootstrap);
        out.printf("  Key:    %s  (workspace %s, leads:read leads:write)%n", apiKey, DemoData.WORKSPACE);
        out.printf("  Data:   %s%n", dataDir);
        out.printf("  Heap:   up to %d MiB%n", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        HeapBound.warningForThisJvm().ifPresent(warning -> out.printf("  Note:   %s%n", warning));
        if (loaded > 0) {
          out.printf("  Demo:   %d events published to workspace %s%n", loaded, DemoData.WORKSPACE);
        }
        out.println("Try:");
        out.printf(
            "  curl -s 'http://localhost:%d/api/v2/leads?limit=2' -H 'x-api-key: %s'%n",
            app.httpPort(), apiKey);
        out.println("Stop with Ctrl-C.");
        out.flush();
        while (!shutdown.await(Duration.ofSeconds(1))) {
          if (app.projection().stoppedForGood()) {
            spec.commandLine()
                .getErr()
                .println("dev: the projection stopped for good (see the log above)");
            return ServeCommand.STOPPED_FOR_GOOD_EXIT;
          }
        }
      }
    }
    return 0;
  }

  /** Whether the projection reached RUNNING within {@code deadline}; false at once on a stop. */
  private static boolean awaitRunningUnlessStopped(
      LeadProjectionApp app, Shutdown shutdown, Duration deadline) throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (!shutdown.requested()
        && !app.projection().stoppedForGood()
        && System.nanoTime() < end) {
      if (app.awaitRunning(Duration.ofMillis(100))) {
        return true;
      }
    }
    return false;
  }

  /** A value kept in a file of the data directory, so restarts reuse it. */
  private static String remembered(Path file, Supplier<String> create) throws IOException {
    if (Files.exists(file)) {
      ownerOnly(file);
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    }
    String value = create.get();
    writePrivate(file, value);
    return value;
  }

  /** Makes a secret kept from an earlier version readable by its owner only, where it can. */
  private static void ownerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // nothing to tighten
    }
  }

  /** Writes a secret to a file only its owner may read, where the file system has permissions. */
  private static void writePrivate(Path file, String value) throws IOException {
    Files.deleteIfExists(file);
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(file);
    }
    Files.writeString(file, value, StandardCharsets.UTF_8);
  }

  private static String randomHex() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
