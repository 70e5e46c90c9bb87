package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.projection.LeadTopology;
import ai.buena.leads.projection.Names;
import ai.buena.leads.testing.JarCommand;
import ai.buena.leads.testing.RunningApp;
import ai.buena.leads.testing.ServiceProcess;
import ai.buena.leads.testing.SharedKafka;
import ai.buena.leads.testing.TestTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up check of the projection's changelog topics, against the shared broker. */
class StateTopicsCheckIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final String group = "it-state-topics-" + UUID.randomUUID().toString().substring(0, 8);

  @TempDir Path dataDir;

  @BeforeAll
  static void topics() {
    TestTopics.ensureDeclaredTopics();
  }

  @Test
  void shouldEndServeWithExitCode2WhenItsChangelogsAreGoneBehindProcessedEvents() throws Exception {
    commitOffsetOnLeadEvents(group);

    JarCommand.Result run =
        JarCommand.run(
            Duration.ofSeconds(60),
            "",
            List.of(
                "serve",
                "--port", String.valueOf(ServiceProcess.freePort()),
                "--bootstrap-servers", SharedKafka.bootstrapServers(),
                "--cluster-secret", "state-topics-cluster-secret-0123456789",
                "--data-dir", Files.createTempDirectory("state-topics").toString(),
                "--application-id", group));

    assertThat(run.exit()).as(run.err()).isEqualTo(2);
    assertThat(run.errLines())
        .filteredOn(line -> line.startsWith("serve"))
        .singleElement()
        .asString()
        .startsWith(
            "serve: the projection's state topics "
                + String.join(", ", LeadTopology.changelogTopics(group))
                + " are missing, but group "
                + group
                + " has read lead-events");
    assertThat(SharedKafka.admin().listTopics().names().get(60, TimeUnit.SECONDS))
        .noneMatch(name -> name.startsWith(group + "-"));
  }

  @Test
  void shouldStartAGroupWhoseChangelogsAllExist() throws Exception {
    commitOffsetOnLeadEvents(group);
    SharedKafka.admin()
        .createTopics(
            LeadTopology.changelogTopics(group).stream().map(topic -> new NewTopic(topic, 1, (short) 1)).toList())
        .all()
        .get(60, TimeUnit.SECONDS);

    assertThat(StateTopicsCheck.refusal(SharedKafka.admin(), config(), TIMEOUT)).isEmpty();
  }

  @Test
  void shouldStartAGroupThatHasNotProcessedAnyEvent() {
    assertThat(StateTopicsCheck.refusal(SharedKafka.admin(), config(), TIMEOUT)).isEmpty();
  }

  private AppConfig config() {
    return RunningApp.config(group, dataDir, "exactly_once_v2");
  }

  private static void commitOffsetOnLeadEvents(String group) throws Exception {
    SharedKafka.admin()
        .alterConsumerGroupOffsets(
            group, Map.of(new TopicPartition(Names.LEAD_EVENTS, 0), new OffsetAndMetadata(1)))
        .all()
        .get(60, TimeUnit.SECONDS);
  }
}
