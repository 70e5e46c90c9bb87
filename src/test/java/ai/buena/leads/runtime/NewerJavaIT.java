package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.auth.ApiKeyFormat;
import ai.buena.leads.testing.EventJson;
import ai.buena.leads.testing.Jdks;
import ai.buena.leads.testing.MappedLibraries;
import ai.buena.leads.testing.ServiceProcess;
import ai.buena.leads.testing.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar on the newest JDK of 21 or later this machine has (operators run what they have; the
 * build's JDK is 17): {@code -Dleads.it.newerJavaHome=<jdk>} picks one, else the newest under
 * {@code /usr/lib/jvm}; skipped where there is none. From Java 21 on the JDK reads {@code
 * java.io.tmpdir} only at its start, and from Java 22 on it warns when a library loads native code
 * without being allowed to.
 */
class NewerJavaIT {
  private static final int NEWER = Jdks.READS_TMPDIR_AT_START;
  private static final Duration DEADLINE = Duration.ofSeconds(120);
  private static final String WORKSPACE = "ws_newer_java";

  @TempDir Path tmp;

  private Path javaHome;
  private String prefix;
  private String key;
  private ServiceProcess service;

  @BeforeEach
  void findANewerJdk() {
    Optional<Path> newer = newerJavaHome();
    Assumptions.assumeTrue(newer.isPresent(), "no JDK " + NEWER + " or later on this machine");
    javaHome = newer.get();
    prefix = PrefixedService.newPrefix("newer-java");
    key = ApiKeyFormat.generate();
  }

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void shouldServeOnANewerJavaWithoutTheJdksWarningAboutNativeAccess() throws Exception {
    // a temporary directory of the test's: on this JDK the service cannot move its own
    serveFiveLeadsWithTheTemporaryDirectory(Files.createDirectories(tmp.resolve("jvm-tmp")));

    assertThat(Files.readAllLines(service.log()))
        .as("the service's output on " + javaHome)
        .noneMatch(line -> line.contains("restricted method") || line.contains("--enable-native-access"));
  }

  @Test
  void shouldUnpackSnappyAndZstdIntoTheDataDirectoryOnANewerJavaThatReadItsTemporaryDirectoryAtItsStart()
      throws Exception {
    Path dataDir = tmp.resolve("data");
    Path jvmTmp = Files.createDirectories(tmp.resolve("jvm-tmp"));
    Path kafkaConfig = Files.writeString(tmp.resolve("client.properties"), "producer.compression.type=zstd\n");
    start(dataDir, List.of("-Xmx512m", "-Djava.io.tmpdir=" + jvmTmp), List.of("--kafka-config", kafkaConfig.toString()));

    // the events' snappy batches load snappy to read them, the service's own output zstd
    Set<String> sent = publish("snappy", 5);

    await().atMost(DEADLINE).ignoreExceptions().untilAsserted(() -> assertThat(PrefixedService.listedIds(service, key)).isEqualTo(sent));
    String privateTmp = dataDir.resolve(PrivateTempDirectory.DIRECTORY).toString();
    for (String codec : List.of("snappy", "zstd")) {
      await()
          .atMost(DEADLINE)
          .untilAsserted(
              () ->
                  assertThat(MappedLibraries.of(service.pid(), codec))
                      .as(codec + "'s library")
                      .singleElement()
                      .satisfies(library -> assertThat(library).startsWith(privateTmp)));
    }
    try (Stream<Path> left = Files.list(jvmTmp)) {
      assertThat(left.map(Path::getFileName).map(Path::toString))
          .noneMatch(name -> name.contains("snappy") || name.contains("zstd"));
    }
  }

  @Test
  void shouldUnpackLz4IntoTheDataDirectoryOnANewerJavaStartedWithItAsItsTemporaryDirectory() throws Exception {
    Path privateTmp = Files.createDirectories(tmp.resolve("data").resolve(PrivateTempDirectory.DIRECTORY));
    // the service's producers compress with lz4: their first batch loads its library
    serveFiveLeadsWithTheTemporaryDirectory(privateTmp);

    awaitLz4LoadedFrom(privateTmp);
    assertThat(Files.readAllLines(service.log())).noneMatch(line -> line.contains("temporary files stay in"));
  }

  @Test
  void shouldLeaveNoLz4LibraryInTheJdksTemporaryDirectoryWhenKilledOnANewerJava() throws Exception {
    Path jvmTmp = Files.createDirectories(tmp.resolve("jvm-tmp"));
    serveFiveLeadsWithTheTemporaryDirectory(jvmTmp);
    awaitLz4LoadedFrom(jvmTmp);

    service.kill();

    try (Stream<Path> left = Files.list(jvmTmp)) {
      assertThat(left.map(Path::getFileName).map(Path::toString)).noneMatch(name -> name.contains("lz4"));
    }
  }

  /** The service on {@code tmp/data}, its JVM's temporary directory {@code directory}, listing five new leads. */
  private void serveFiveLeadsWithTheTemporaryDirectory(Path directory) {
    start(tmp.resolve("data"), List.of("-Xmx512m", "-Djava.io.tmpdir=" + directory), List.of());
    Set<String> sent = publish("none", 5);
    await().atMost(DEADLINE).ignoreExceptions().untilAsserted(() -> assertThat(PrefixedService.listedIds(service, key)).isEqualTo(sent));
  }

  private void awaitLz4LoadedFrom(Path directory) {
    await()
        .atMost(DEADLINE)
        .untilAsserted(
            () ->
                assertThat(MappedLibraries.of(service.pid(), "lz4"))
                    .singleElement()
                    .satisfies(library -> assertThat(library).startsWith(directory.toString())));
  }

  private void start(Path dataDir, List<String> jvmOptions, List<String> moreArgs) {
    int port = ServiceProcess.freePort();
    service =
        ServiceProcess.serve(
                "newer-java",
                port,
                PrefixedService.serveArgs(prefix, dataDir, port, "newer-java", moreArgs),
                Path.of("target", "newer-java-it"))
            .withJvmOptions(jvmOptions)
            .withJavaHome(javaHome);
    service.start();
    PrefixedService.grantKey(prefix, key, WORKSPACE, Set.of("leads:read"), "newer Java IT");
  }

  /** {@code count} new leads' events, compressed with {@code codec}; returns their ids. */
  private Set<String> publish(String codec, int count) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    Set<String> sent = new TreeSet<>();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < count; i++) {
        String leadId = "lead_newer_java_" + codec + "_" + i;
        String event =
            EventJson.created(
                "e-" + leadId, leadId, WORKSPACE, "2024-01-15T10:30:00Z", Map.of("firstName", "Ada", "lastName", "L" + i));
        producer.send(new ProducerRecord<>(prefix + "lead-events", utf8(leadId), utf8(event)));
        sent.add(leadId);
      }
      producer.flush();
    }
    return sent;
  }

  /** The JDK named by {@code leads.it.newerJavaHome}, else the newest of 21 or later here. */
  private static Optional<Path> newerJavaHome() {
    String configured = System.getProperty("leads.it.newerJavaHome", "").strip();
    return configured.isEmpty() ? Jdks.newestFrom(NEWER) : Optional.of(Path.of(configured));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
