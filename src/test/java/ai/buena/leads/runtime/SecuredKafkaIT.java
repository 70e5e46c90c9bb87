package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.runtime.kafka.EmbeddedKafkaBroker;
import ai.buena.leads.testing.Directories;
import ai.buena.leads.testing.HttpCalls;
import ai.buena.leads.testing.HttpCalls.Answer;
import ai.buena.leads.testing.JarCommand;
import ai.buena.leads.testing.SelfSignedTls;
import ai.buena.leads.testing.ServiceProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built jar against a broker that only lets clients in over SASL_SSL (SCRAM-SHA-512 users, a
 * self-signed certificate): with the right {@code --kafka-config} every command works end to end;
 * with a wrong password every command ends quickly with one line.
 */
class SecuredKafkaIT {
  private static final String LISTENER = "SECURED";
  private static final String USER = "leads-service";
  private static final String PASSWORD = "scram-pw-" + UUID.randomUUID();
  private static final String TLS_PASSWORD = "tls-pw-" + UUID.randomUUID();
  private static final String PREFIX = "crm.";
  private static final Duration FAILS_WITHIN = Duration.ofSeconds(30);
  private static final Duration DEADLINE = Duration.ofSeconds(120);

  private static Path dir;
  private static EmbeddedKafkaBroker broker;
  private static String securedBootstrap;
  private static Path rightConfig;
  private static Path wrongConfig;

  @BeforeAll
  static void startSecuredBroker() throws Exception {
    dir = Files.createTempDirectory("secured-kafka");
    SelfSignedTls tls = SelfSignedTls.create(dir, TLS_PASSWORD);
    String prefix = "listener.name." + LISTENER.toLowerCase() + ".";
    broker =
        EmbeddedKafkaBroker.start(
            dir.resolve("kafka"),
            0,
            List.of(
                new EmbeddedKafkaBroker.Listener(
                    LISTENER,
                    "SASL_SSL",
                    Map.of(
                        "sasl.enabled.mechanisms", "SCRAM-SHA-512",
                        prefix + "scram-sha-512.sasl.jaas.config",
                            "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                        prefix + "ssl.keystore.location", tls.keyStore().toString(),
                        prefix + "ssl.keystore.type", "PKCS12",
                        prefix + "ssl.keystore.password", TLS_PASSWORD,
                        prefix + "ssl.key.password", TLS_PASSWORD))));
    securedBootstrap = broker.bootstrapServers(LISTENER);
    createScramUser();
    rightConfig = clientConfig(tls, PASSWORD, "right.properties");
    wrongConfig = clientConfig(tls, "not-" + PASSWORD, "wrong.properties");
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
    Directories.deleteRecursively(dir);
  }

  @Test
  void shouldServeAnEventProducedThroughASaslSslListenerOnPrefixedTopics() throws Exception {
    int port = ServiceProcess.freePort();
    try (ServiceProcess serve =
        ServiceProcess.serve("secured-serve", port, serveArgs(rightConfig), dir.resolve("logs"))) {
      serve.start();
      await()
          .atMost(DEADLINE)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> !serve.isAlive() || ready(serve));
      assertThat(serve.isAlive()).as("serve is running; log: " + log(serve)).isTrue();

      JarCommand.Result created =
          JarCommand.run(
              DEADLINE,
              "",
              command(
                  rightConfig,
                  "keys", "create", "--workspace", "ws_secured", "--permissions", "leads:read"));
      assertThat(created.exit()).as(created.err()).isZero();
      String key = created.out().strip();

      JarCommand.Result produced =
          JarCommand.run(DEADLINE, leadCreated("lead_secured_1") + "\n", command(rightConfig, "produce"));
      assertThat(produced.exit()).as(produced.err()).isZero();
      assertThat(produced.out()).contains("sent 1, rejected 0");

      await()
          .atMost(DEADLINE)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  HttpCalls.get(
                              serve.baseUrl() + "/api/v2/leads/lead_secured_1",
                              Map.of("x-api-key", key))
                          .status()
                      == 200);
      assertThat(adminTopics()).contains(PREFIX + "lead-events", PREFIX + "lead-api-keys")
          .doesNotContain("lead-events");
      Answer metrics = HttpCalls.get(serve.baseUrl() + "/metrics", Map.of());
      assertThat(metrics.body()).doesNotContain(PASSWORD).doesNotContain(TLS_PASSWORD);
      assertThat(log(serve)).doesNotContain(PASSWORD).doesNotContain(TLS_PASSWORD);
    }
  }

  @Test
  void shouldEndServeWithOneLineAndExitCode2WhenThePasswordIsWrong() {
    List<String> args = new ArrayList<>(List.of("serve", "--port", String.valueOf(ServiceProcess.freePort())));
    args.addAll(serveArgs(wrongConfig));

    JarCommand.Result run = JarCommand.run(FAILS_WITHIN, "", args);

    assertFailedWithOneLine(run, 2);
  }

  @Test
  void shouldEndProduceWithOneLineAndExitCode3WhenThePasswordIsWrong() {
    JarCommand.Result run =
        JarCommand.run(FAILS_WITHIN, leadCreated("lead_refused") + "\n", command(wrongConfig, "produce"));

    assertFailedWithOneLine(run, 3);
  }

  @Test
  void shouldEndKeysCreateWithOneLineAndExitCode2WhenThePasswordIsWrong() {
    JarCommand.Result run =
        JarCommand.run(
            FAILS_WITHIN,
            "",
            command(wrongConfig, "keys", "create", "--workspace", "ws_x", "--permissions", "leads:read"));

    assertFailedWithOneLine(run, 2);
  }

  private static void assertFailedWithOneLine(JarCommand.Result run, int exit) {
    assertThat(run.exit()).as(run.err()).isEqualTo(exit);
    assertThat(run.errLines()).as(run.err()).hasSize(1);
    assertThat(run.err()).contains("authentication").doesNotContain("\tat ").doesNotContain(PASSWORD);
    assertThat(run.out()).isEmpty();
  }

  private static List<String> serveArgs(Path kafkaConfig) {
    return List.of(
        "--bootstrap-servers", securedBootstrap,
        "--kafka-config", kafkaConfig.toString(),
        "--topic-prefix", PREFIX,
        "--cluster-secret", "secured-cluster-secret-0123456789",
        "--application-id", "secured-" + UUID.randomUUID().toString().substring(0, 8),
        "--data-dir", dir.resolve("data-" + UUID.randomUUID()).toString(),
        "--cap-replication",
        "--replication-factor", "1",
        "--standby-replicas", "0",
        "--stream-threads", "1");
  }

  private static List<String> command(Path kafkaConfig, String... args) {
    List<String> command = new ArrayList<>(List.of(args));
    command.addAll(
        List.of(
            "--bootstrap-servers", securedBootstrap,
            "--kafka-config", kafkaConfig.toString(),
            "--topic-prefix", PREFIX));
    return command;
  }

  private static String leadCreated(String leadId) {
    return "{\"eventId\":\"evt_" + leadId + "\",\"type\":\"LeadCreated\",\"leadId\":\"" + leadId
        + "\",\"workspaceId\":\"ws_secured\",\"occurredAt\":\"2026-01-15T10:30:00Z\",\"data\":{"
        + "\"firstName\":\"Ada\",\"lastName\":\"Secure\",\"email\":\"ada@example.com\","
        + "\"status\":\"new\",\"source\":\"website\"}}";
  }

  private static boolean ready(ServiceProcess serve) {
    try {
      return HttpCalls.get(serve.baseUrl() + "/health/ready", Map.of()).status() == 200;
    } catch (RuntimeException notListeningYet) {
      return false;
    }
  }

  private static String log(ServiceProcess serve) throws IOException {
    return Files.readString(serve.log(), StandardCharsets.UTF_8);
  }

  /** SCRAM users live in the cluster metadata: created over the broker's PLAINTEXT listener. */
  private static void createScramUser() throws Exception {
    try (Admin admin = plaintextAdmin()) {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      USER, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), PASSWORD)))
          .all()
          .get();
      await()
          .atMost(DEADLINE)
          .until(() -> admin.describeUserScramCredentials(List.of(USER)).all().get().containsKey(USER));
    }
  }

  private static java.util.Set<String> adminTopics() throws Exception {
    try (Admin admin = plaintextAdmin()) {
      return admin.listTopics().names().get();
    }
  }

  private static Admin plaintextAdmin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) DEADLINE.toMillis()));
  }

  private static Path clientConfig(SelfSignedTls tls, String password, String name)
      throws IOException {
    String properties =
        String.join(
            "\n",
            "security.protocol=SASL_SSL",
            "sasl.mechanism=SCRAM-SHA-512",
            "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"" + USER + "\" password=\"" + password + "\";",
            "ssl.truststore.location=" + tls.trustStore(),
            "ssl.truststore.type=PKCS12",
            "ssl.truststore.password=" + TLS_PASSWORD,
            "");
    return Files.writeString(dir.resolve(name), properties, StandardCharsets.UTF_8);
  }
}
