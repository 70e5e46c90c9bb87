package ai.buena.leads.runtime;

import ai.buena.leads.runtime.kafka.EmbeddedKafkaBroker;
import ai.buena.leads.runtime.topics.TopicDeclarations;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;
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
  @Spec CommandSpec spec;
  @Mixin ServiceOptions options;

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
    long started = System.nanoTime();
    Path dataDir = options.dataDir.toAbsolutePath().normalize();
    Files.createDirectories(dataDir);
    String secret = options.clusterSecret != null ? options.clusterSecret : clusterSecret(dataDir);
    PrintWriter out = spec.commandLine().getOut();
    try (Shutdown shutdown = new Shutdown();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), kafkaPort)) {
      String bootstrap = broker.bootstrapServers();
      Topics.apply(bootstrap, TopicDeclarations.loadFromClasspath(), true);
      AppConfig config = options.toConfig(bootstrap, broker.brokerCount(), 0, secret);
      try (LeadProjectionApp app = LeadProjectionApp.start(config)) {
        if (!app.awaitRunning(Duration.ofSeconds(120))) {
          spec.commandLine().getErr().println("the projection did not reach RUNNING within 120 s");
          return 1;
        }
        long loaded = demoLeads == 0 ? 0 : DemoData.loadIfEmpty(bootstrap, demoLeads);
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        out.printf("lead-projection dev is up in %d ms%n", millis);
        out.printf("  API:    http://localhost:%d  (ready: http://localhost:%d/health/ready)%n",
            app.httpPort(), app.httpPort());
        out.printf("  Kafka:  %s%n", bootstrap);
        out.printf("  Data:   %s%n", dataDir);
        if (loaded > 0) {
          out.printf("  Demo:   %d events published to workspace %s%n", loaded, DemoData.WORKSPACE);
        }
        out.println("Stop with Ctrl-C.");
        out.flush();
        shutdown.await();
      }
    }
    return 0;
  }

  private static String clusterSecret(Path dataDir) throws IOException {
    Path file = dataDir.resolve("cluster-secret");
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String secret = HexFormat.of().formatHex(random);
    Files.writeString(file, secret, StandardCharsets.UTF_8);
    return secret;
  }
}
