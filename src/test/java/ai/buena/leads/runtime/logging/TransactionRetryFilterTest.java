package ai.buena.leads.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.Test;

class TransactionRetryFilterTest {
  private static final String SENDER = "org.apache.kafka.clients.producer.internals.Sender";
  private static final String RETRYING =
      "[Producer clientId=p, transactionalId=t] Got error produce response with correlation id {}"
          + " on topic-partition {}, retrying ({} attempts left). Error: {}";

  @Test
  void shouldReplaceTheRetriedOverlapLinesOfProducerAndBrokerByOneWarning() {
    List<String> lines =
        ConfiguredLogging.stderrLines(
            Map.of(),
            context -> {
              Logger sender = context.getLogger(SENDER);
              Logger broker = context.getLogger("kafka.server.ReplicaManager");
              sender.warn(RETRYING, 35, "leads-changelog-3", 2147483646, "CONCURRENT_TRANSACTIONS");
              broker.error(
                  "[ReplicaManager broker=1] Error processing append operation on partition x:t-4",
                  new OutOfOrderSequenceException("Invalid sequence number for producer 2"));
              sender.warn(RETRYING, 37, "t-4", 2147483645, "OUT_OF_ORDER_SEQUENCE_NUMBER");
              sender.warn(formatted(38, "CONCURRENT_TRANSACTIONS"));
            });

    assertThat(lines).singleElement().asString()
        .contains("WARN  TransactionRetryFilter - " + TransactionRetryFilter.NOTICE);
  }

  @Test
  void shouldKeepOtherProducerWarningsAndOtherBrokerErrors() {
    List<String> lines =
        ConfiguredLogging.stderrLines(
            Map.of(),
            context -> {
              Logger sender = context.getLogger(SENDER);
              Logger broker = context.getLogger("kafka.server.ReplicaManager");
              sender.warn(RETRYING, 1, "t-0", 5, "NOT_LEADER_OR_FOLLOWER");
              sender.warn(formatted(2, "UNKNOWN_PRODUCER_ID"));
              broker.error(
                  "Error processing append operation on partition t-0",
                  new IllegalStateException("disk full"));
              context.getLogger("ai.buena.leads.runtime.ProjectionService")
                  .error("stream thread failed", new OutOfOrderSequenceException("fatal"));
            });

    assertThat(lines)
        .anyMatch(line -> line.contains("Error: NOT_LEADER_OR_FOLLOWER"))
        .anyMatch(line -> line.contains("Error: UNKNOWN_PRODUCER_ID"))
        .anyMatch(line -> line.contains("ERROR ReplicaManager"))
        .anyMatch(line -> line.contains("ERROR ProjectionService"))
        .noneMatch(line -> line.contains(TransactionRetryFilter.NOTICE));
  }

  /** As Kafka's LogContext loggers pass it on: formatted, prefixed, without parameters. */
  private static String formatted(int correlationId, String error) {
    return RETRYING
        .replaceFirst("\\{}", Integer.toString(correlationId))
        .replaceFirst("\\{}", "t-1")
        .replaceFirst("\\{}", "5")
        .replaceFirst("\\{}", error);
  }
}
