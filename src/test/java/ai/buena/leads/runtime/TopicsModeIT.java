package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.testing.JarCommand;
import ai.buena.leads.testing.SharedKafka;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** {@code serve --topics verify} through the built jar, on the shared broker. */
class TopicsModeIT {
  @Test
  void shouldEndServeWithOneLineAndExitCode2WhenVerifyFindsMissingTopics() throws Exception {
    String prefix = "verify-" + UUID.randomUUID().toString().substring(0, 8) + ".";

    JarCommand.Result run = serve(prefix, "--topics", "verify");

    assertThat(run.exit()).as(run.err()).isEqualTo(2);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith("serve: missing topics " + prefix + "lead-events, " + prefix + "lead-events.dlq");
    assertThat(SharedKafka.admin().listTopics().names().get(60, TimeUnit.SECONDS))
        .noneMatch(name -> name.startsWith(prefix));
  }

  @Test
  void shouldEndServeWithALinePerContradictionAndExitCode2WhenATopicContradictsItsDeclaration()
      throws Exception {
    String prefix = "contradicting-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    SharedKafka.admin()
        .createTopics(
            List.of(
                new NewTopic(prefix + "lead-events", 3, (short) 1)
                    .configs(
                        Map.of(
                            "retention.ms", "-1",
                            "retention.bytes", "-1",
                            "message.timestamp.type", "LogAppendTime"))))
        .all()
        .get(60, TimeUnit.SECONDS);

    JarCommand.Result run = serve(prefix, "--cap-replication");

    assertThat(run.exit()).as(run.err()).isEqualTo(2);
    assertThat(run.errLines())
        .filteredOn(line -> line.startsWith("serve"))
        .singleElement()
        .asString()
        .startsWith("serve: Topic " + prefix + "lead-events has 3 partitions but topics/topics.yaml declares 6:");
  }

  /** {@code serve} on the shared broker with its own topic prefix and data directory. */
  private static JarCommand.Result serve(String prefix, String... flags) throws Exception {
    List<String> args = new ArrayList<>(List.of("--topic-prefix", prefix));
    args.addAll(List.of(flags));
    return JarCommand.serveOnSharedBroker(args.toArray(String[]::new));
  }
}
