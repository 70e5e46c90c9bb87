package ai.buena.leads.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;

class KafkaNoiseFilterTest {
  @Test
  void shouldConfigureExactlyOneTurboFilterSoLevelChecksDoNotCopyTheFilterList() {
    AtomicInteger turboFilters = new AtomicInteger(-1);

    ConfiguredLogging.stderrLines(
        Map.of(), context -> turboFilters.set(context.getTurboFilterList().size()));

    assertThat(turboFilters).hasValue(1);
  }

  @Test
  void shouldAnswerNeutralBelowWarnEvenForALineItWouldDropAtWarn() {
    KafkaNoiseFilter filter = new KafkaNoiseFilter();
    Logger kafka = new ch.qos.logback.classic.LoggerContext().getLogger("org.apache.kafka.controller");

    FilterReply atInfo =
        filter.decide(null, kafka, Level.INFO, "Performing controller activation", null, null);
    FilterReply atWarn =
        filter.decide(null, kafka, Level.WARN, "Performing controller activation", null, null);

    assertThat(atInfo).isEqualTo(FilterReply.NEUTRAL);
    assertThat(atWarn).isEqualTo(FilterReply.DENY);
  }

  @Test
  void shouldDropAProducersEchoesOfARefusedAclButKeepItsOtherErrors() {
    List<String> lines =
        ConfiguredLogging.stderrLines(
            Map.of(),
            context -> {
              Logger sender = context.getLogger("org.apache.kafka.clients.producer.internals.Sender");
              sender.error(
                  "[Producer clientId=p] Aborting producer batches due to fatal error",
                  new org.apache.kafka.common.errors.ClusterAuthorizationException(
                      "Cluster authorization failed."));
              sender.error(
                  "[Producer clientId=p] Error in kafka producer I/O thread while aborting transaction when during closing: ",
                  new IllegalStateException(
                      "Transactional method invoked on a non-transactional producer."));
              sender.error(
                  "[Producer clientId=p] Uncaught error in kafka producer I/O thread: ",
                  new IllegalStateException("something else"));
            });

    assertThat(String.join("\n", lines))
        .contains("Uncaught error in kafka producer I/O thread")
        .doesNotContain("Cluster authorization failed")
        .doesNotContain("non-transactional producer");
  }

  @Test
  void shouldDropRoutineBrokerWarningsAndRefusedCredentialsButKeepOtherKafkaWarnings() {
    List<String> lines =
        ConfiguredLogging.stderrLines(
            Map.of(),
            context -> {
              context.getLogger("org.apache.kafka.controller.QuorumController")
                  .warn("Performing controller activation. Loaded ZK migration state of NONE.");
              context.getLogger("org.apache.kafka.clients.NetworkClient")
                  .error(
                      "[AdminClient clientId=a] Connection to node -1 failed authentication due to: {}",
                      "Authentication failed");
              context.getLogger("org.apache.kafka.clients.Metadata")
                  .warn(
                      "Fatal error during metadata update",
                      new SaslAuthenticationException("Authentication failed"));
              context.getLogger("org.apache.kafka.clients.NetworkClient")
                  .warn("Connection to node 1 could not be established. Node may not be available.");
            });

    assertThat(lines)
        .singleElement()
        .asString()
        .contains("could not be established");
  }

  @Test
  void shouldDropAConsumersNoteThatInternalTopicsDoNotExistYetButNotThatAnInputTopicIsMissing() {
    String note =
        "[Consumer instanceId=vm-8080-1, clientId=c, groupId=lead-projection] The metadata response"
            + " from the cluster reported a recoverable issue with correlation id 2 : {%s}";
    List<String> lines =
        ConfiguredLogging.stderrLines(
            Map.of(),
            context -> {
              Logger client = context.getLogger("org.apache.kafka.clients.NetworkClient");
              client.warn(
                  note.formatted(
                      "lead-projection-status-deltas-repartition=UNKNOWN_TOPIC_OR_PARTITION, "
                          + "lead-projection-leads-changelog=UNKNOWN_TOPIC_OR_PARTITION"));
              client.warn(
                  note.formatted(
                      "lead-projection-status-deltas-repartition=UNKNOWN_TOPIC_OR_PARTITION, "
                          + "lead-events=UNKNOWN_TOPIC_OR_PARTITION"));
              client.warn(note.formatted("lead-projection-leads-changelog=TOPIC_AUTHORIZATION_FAILED"));
            });

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains("lead-events=UNKNOWN_TOPIC_OR_PARTITION");
    assertThat(lines.get(1)).contains("TOPIC_AUTHORIZATION_FAILED");
  }

  @Test
  void shouldDropTheDevBrokersRaceToCreateTheTransactionStateTopic() {
    List<String> lines =
        ConfiguredLogging.stderrLines(
            Map.of(),
            context -> {
              context.getLogger("kafka.server.DefaultAutoTopicCreationManager")
                  .warn(
                      "Auto topic creation failed for __transaction_state with error"
                          + " 'TOPIC_ALREADY_EXISTS': Topic '__transaction_state' already exists..");
              context.getLogger("kafka.server.DefaultAutoTopicCreationManager")
                  .warn("Auto topic creation failed for lead-events with error 'POLICY_VIOLATION'");
            });

    assertThat(lines).singleElement().asString().contains("POLICY_VIOLATION");
  }
}
