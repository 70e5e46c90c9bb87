package ai.buena.leads.runtime;

import ai.buena.leads.clients.TopicNotFoundException;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** runtime.md: every command has --help; a bad flag or value prints one line and exits with 2. */
class MainTest {
  @TempDir Path dataDir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void shouldNotPrintAnApiKeyGivenWithoutItsFlag() {
    String key = "bna_" + "0123456789abcdef".repeat(4);

    Run run = run("keys", "revoke", key);

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).doesNotContain("0123456789abcdef");
  }

  @Test
  void shouldNotPrintTheValueOfAMistypedOption() {
    Run run = run("serve", "--cluster-secrt=correct-horse-battery-staple", "--bootstrap-servers", "x:1");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).doesNotContain("correct-horse").contains("--cluster-secrt");
  }

  @Test
  void shouldNotPrintAValueThatFollowsAMistypedOption() {
    Run run = run("serve", "--cluster-secrt", "correct-horse-battery-staple", "--bootstrap-servers", "x:1");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).doesNotContain("correct-horse");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "serve", "produce", "generate", "keys"})
  void shouldPrintUsageForHelpOfEveryCommand(String command) {
    Run run = run(command, "--help");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("Usage:").contains(command);
  }

  @Test
  void shouldPrintUsageForHelpOfTheJar() {
    Run run = run("--help");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("dev").contains("serve").contains("produce").contains("generate");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "serve", "produce", "generate", "keys"})
  void shouldRefuseAnUnknownFlagWithOneLineAndExitCodeTwo(String command) {
    Run run = run(command, "--no-such-flag");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip().lines()).hasSize(1);
  }

  @Test
  void shouldRefuseToRunWithoutACommand() {
    Run run = run();

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo("lead-projection: a command is required (see --help)");
  }

  @Test
  void shouldRefuseServeWithoutBootstrapServers() {
    Run run = run("serve", "--bootstrap-servers", "", "--cluster-secret", "0123456789abcdef0123");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err()).contains("--bootstrap-servers");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "fifteen-chars-x"})
  void shouldRefuseDevWithAnEmptyOrShortClusterSecretBeforeStartingAnything(String secret) {
    Run run = run("dev", "--cluster-secret", secret, "--data-dir", dataDir.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err()).contains("--cluster-secret").contains("at least 16 characters");
  }

  @Test
  void shouldKeepDevsRememberedSecretsReadableByTheirOwnerOnly() throws Exception {
    Run run =
        run("dev", "--data-dir", dataDir.toString(), "--kafka-config", dataDir.resolve("absent").toString());

    assertThat(run.exit()).isEqualTo(2);
    for (String secret : List.of("cluster-secret", "dev-api-key")) {
      assertThat(java.nio.file.Files.getPosixFilePermissions(dataDir.resolve(secret)))
          .as(secret)
          .containsExactlyInAnyOrder(
              java.nio.file.attribute.PosixFilePermission.OWNER_READ,
              java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }
  }

  @Test
  void shouldMakeASecretRememberedByAnEarlierVersionReadableByItsOwnerOnly() throws Exception {
    java.nio.file.Path secret = dataDir.resolve("cluster-secret");
    java.nio.file.Files.writeString(secret, "0123456789abcdef0123456789abcdef");
    java.nio.file.Files.setPosixFilePermissions(
        secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

    run("dev", "--data-dir", dataDir.toString(), "--kafka-config", dataDir.resolve("absent").toString());

    assertThat(java.nio.file.Files.getPosixFilePermissions(secret))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void shouldRefuseDevWhoseRememberedClusterSecretIsEmpty() throws Exception {
    java.nio.file.Files.writeString(dataDir.resolve("cluster-secret"), "\n");

    Run run = run("dev", "--data-dir", dataDir.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err()).contains("cluster-secret").contains("at least 16 characters");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-5"})
  void shouldRefuseServeWithAReplicationFactorBelowOneButTheBrokerDefault(String factor) {
    Run run =
        run("serve", "--bootstrap-servers", "localhost:1", "--cluster-secret", "0123456789abcdef0123",
            "--replication-factor", factor);

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--replication-factor must be at least 1");
  }

  @Test
  void shouldRefuseServeWithAnHttpsAdvertisedUrlItsPeersCouldNotCall() {
    Run run =
        run("serve", "--bootstrap-servers", "localhost:1", "--cluster-secret", "0123456789abcdef0123",
            "--advertised-url", "https://node1:8443");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--advertised-url must look like http://host:port");
  }

  @Test
  void shouldEndProduceWithExitThreeBeforeReadingWhenKafkaIsNotThere() throws Exception {
    java.nio.file.Path config =
        java.nio.file.Files.writeString(
            dataDir.resolve("client.properties"),
            "max.block.ms=500\ndefault.api.timeout.ms=1000\nrequest.timeout.ms=500\n");
    java.nio.file.Path events =
        java.nio.file.Files.write(
            dataDir.resolve("events.ndjson"),
            java.util.Collections.nCopies(
                100,
                "{\"eventId\":\"evt_1\",\"type\":\"LeadDeleted\",\"leadId\":\"lead_1\","
                    + "\"workspaceId\":\"ws_1\",\"occurredAt\":\"2024-01-15T10:30:00Z\"}"));
    long started = System.nanoTime();

    Run run =
        run("produce", "--bootstrap-servers", "localhost:1", "--kafka-config", config.toString(),
            "--file", events.toString());

    assertThat(run.exit()).isEqualTo(3);
    assertThat(run.err()).startsWith("produce failed: ");
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
        .isLessThan(java.time.Duration.ofSeconds(30));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0123456789abcdef0123\n", " 0123456789abcdef0123", "0123456789 abcdef0123", "0123456789abcdéf0123"})
  void shouldRefuseServeWithAClusterSecretThatCannotTravelInAHeader(String secret) {
    Run run = run("serve", "--bootstrap-servers", "localhost:1", "--cluster-secret", secret);

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--cluster-secret").contains("printable ASCII");
  }

  @Test
  void shouldRefuseServeWithAnEmptyClusterSecret() {
    Run run = run("serve", "--bootstrap-servers", "localhost:1", "--cluster-secret", "");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--cluster-secret");
  }

  @Test
  void shouldRefuseServeWithAShortClusterSecret() {
    Run run = run("serve", "--bootstrap-servers", "localhost:1", "--cluster-secret", "short");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--cluster-secret");
  }

  @Test
  void shouldRefuseAnUnknownProcessingGuaranteeBeforeConnecting() {
    Run run =
        run(
            "serve",
            "--bootstrap-servers", "localhost:1",
            "--cluster-secret", "0123456789abcdef0123",
            "--processing-guarantee", "exactly_once");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err()).contains("--processing-guarantee");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "5s", "lots"})
  void shouldRefuseAMaxStalenessThatIsNoRecordCountBeforeConnecting(String maxStaleness) {
    Run run =
        run(
            "serve",
            "--bootstrap-servers", "localhost:1",
            "--cluster-secret", "0123456789abcdef0123",
            "--max-staleness", maxStaleness);

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err()).contains("--max-staleness");
  }

  @Test
  void shouldRefuseMalformedRateLimitsBeforeConnecting() {
    Run run =
        run(
            "serve",
            "--bootstrap-servers", "localhost:1",
            "--cluster-secret", "0123456789abcdef0123",
            "--rate-limits", "lots");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--rate-limits");
  }

  @Test
  void shouldRefuseAnUnknownInputPartitioningBeforeConnecting() {
    Run run =
        run(
            "serve",
            "--bootstrap-servers", "localhost:1",
            "--cluster-secret", "0123456789abcdef0123",
            "--input-partitioning", "crc32");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--input-partitioning must be one of: checked, any");
    assertThat(run.err().strip().lines()).hasSize(1);
  }

  @Test
  void shouldRefuseADevKeyThatIsNotBuenasFormat() {
    Run run = run("dev", "--data-dir", dataDir.toString(), "--dev-api-key", "secret");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--dev-api-key");
  }

  @Test
  void shouldRefuseANegativeLeadMemoryBeforeConnecting() {
    Run run =
        run(
            "serve",
            "--bootstrap-servers", "localhost:1",
            "--cluster-secret", "0123456789abcdef0123",
            "--lead-memory-mb", "-1");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--lead-memory-mb must be at least 0");
    assertThat(run.err().strip().lines()).hasSize(1);
  }

  @Test
  void shouldRefuseANegativeNumberOfDemoLeads() {
    Run run = run("dev", "--data-dir", dataDir.toString(), "--demo-leads", "-1");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--demo-leads");
  }

  @ParameterizedTest
  @CsvSource({"--port,70000", "--port,-1", "--rate-limits,1/2", "--max-staleness,-1", "--drain-period,PT10M"})
  void shouldRefuseABadDevValueWithOneLineBeforeStartingTheBroker(String flag, String value) {
    Run run = run("dev", "--data-dir", dataDir.toString(), flag, value);

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err()).contains(flag);
    assertThat(dataDir.resolve("kafka")).doesNotExist();
  }

  @Test
  void shouldRefuseANonNumericPort() {
    Run run = run("dev", "--data-dir", dataDir.toString(), "--port", "eighty");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip().lines()).hasSize(1);
  }

  @Test
  void shouldRefuseAProduceFileThatCannotBeRead() {
    Run run = run("produce", "--file", dataDir.resolve("missing.ndjson").toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("cannot be read");
  }

  @Test
  void shouldEndACommandWhoseTopicTheClusterSaysItLacksWithOneLineAndExitCodeTwo() {
    Run run =
        failingServe(
            new IllegalStateException(
                "start failed",
                new TopicNotFoundException("topic t9.lead-api-keys does not exist", true, null)));

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo("serve: topic t9.lead-api-keys does not exist");
  }

  @Test
  void shouldEndACommandWhoseTopicKafkaDidNotNameInTimeWithOneLineAndExitCodeOne() {
    Run run =
        failingServe(
            new IllegalStateException(
                "start failed",
                new TopicNotFoundException("Kafka did not name topic t9.lead-events", false, null)));

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().strip()).isEqualTo("serve: Kafka did not name topic t9.lead-events");
  }

  @Test
  void shouldLeaveKafkasOwnUnknownTopicErrorsToTheHandlerOfTheUnexpected() {
    Run run =
        failingServe(
            new IllegalStateException(
                "Kafka failed while describing [t1.lead-events]",
                new org.apache.kafka.common.errors.UnknownTopicOrPartitionException(
                    "This server does not host this topic-partition.")));

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("Kafka failed while describing [t1.lead-events]");
  }

  @Test
  void shouldEndAServeThatCannotReplicateItsTopicsWithOneLineNamingTheFlags() {
    Run run =
        failingServe(
            new IllegalStateException(
                "checking that topic t1.lead-events can be created",
                new InvalidReplicationFactorException("Unable to replicate the partition 3 time(s)")));

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err())
        .contains("Unable to replicate the partition 3 time(s)")
        .contains("--replication-factor")
        .contains("--cap-replication");
  }

  @Test
  void shouldNameTheTopicsKafkaRefusedAndTheSkipModeWhenServeMayNotCreateThem() {
    Run run =
        failingServe(
            new IllegalStateException(
                "checking topics",
                new org.apache.kafka.common.errors.TopicAuthorizationException(
                    "Topic authorization failed.", java.util.Set.of("t1.lead-events"))));

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err())
        .startsWith("serve: Kafka refused this principal: Topic authorization failed. (topics t1.lead-events)")
        .contains("ops/runbook.md#kafka-acls")
        .contains("--topics skip");
  }

  @Test
  void shouldNotAdviseTheSkipModeToACommandThatCreatesNoTopics() {
    Run run =
        failing(
            new org.apache.kafka.common.errors.ClusterAuthorizationException(
                "Cluster authorization failed."),
            "keys", "create", "--bootstrap-servers", "localhost:1", "--workspace", "ws_a",
            "--permissions", "leads:read");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo(
            "create: Kafka refused this principal: Cluster authorization failed."
                + " (grant the ACLs of ops/runbook.md#kafka-acls)");
  }

  /** serve, as if its start had thrown {@code failure}. */
  private static Run failingServe(RuntimeException failure) {
    return failing(
        failure, "serve", "--bootstrap-servers", "localhost:1", "--cluster-secret", "0123456789abcdef0123");
  }

  /** The command {@code args} name, as if it had thrown {@code failure}. */
  private static Run failing(RuntimeException failure, String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionStrategy(
        parsed -> {
          List<CommandLine> commands = parsed.asCommandLineList();
          throw new CommandLine.ExecutionException(
              commands.get(commands.size() - 1), "failed", failure);
        });
    int exit = cli.execute(args);
    return new Run(exit, "", err.toString());
  }

  @Test
  void shouldWriteAFailuresLineAsAJsonObjectWhenLogsAreJson() throws Exception {
    java.io.ByteArrayOutputStream stderr = new java.io.ByteArrayOutputStream();
    CommandLine cli = Main.commandLine();
    Main.errAsJsonWhenLogsAre(
        cli, " JSON ", new java.io.PrintStream(stderr, true, java.nio.charset.StandardCharsets.UTF_8));

    int exit = cli.execute("dev", "--data-dir", dataDir.toString(), "--port", "eighty");

    assertThat(exit).isEqualTo(2);
    List<String> lines = stderr.toString(java.nio.charset.StandardCharsets.UTF_8).strip().lines().toList();
    assertThat(lines).hasSize(1);
    com.fasterxml.jackson.databind.JsonNode line =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.get(0));
    assertThat(line.get("level").asText()).isEqualTo("ERROR");
    assertThat(line.get("formattedMessage").asText()).startsWith("dev: ").contains("--port");
    assertThat(line.get("timestamp").isNumber()).isTrue();
  }
}
