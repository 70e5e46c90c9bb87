package ai.buena.leads.runtime;

import ai.buena.leads.clients.KafkaClientConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Connects once before anything starts, so that wrong credentials or TLS settings end the command
 * with one line instead of clients retrying forever. Describing the cluster needs no ACL.
 */
final class KafkaPreflight {
  private KafkaPreflight() {}

  /**
   * @throws org.apache.kafka.common.errors.AuthenticationException when Kafka refuses the
   *     credentials or the TLS handshake fails
   * @throws CommandFailure when Kafka does not answer within {@code timeout}
   */
  static void check(KafkaClientConfig kafka, Duration timeout) {
    int millis = (int) timeout.toMillis();
    try (Admin admin =
        Admin.create(
            kafka.properties(
                Map.of(
                    AdminClientConfig.CLIENT_ID_CONFIG, "lead-projection-preflight",
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis),
                Map.of()))) {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(millis))
          .nodes()
          .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw unreachable(kafka, timeout);
      }
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw unreachable(kafka, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailure(1, "interrupted while connecting to Kafka");
    }
  }

  private static CommandFailure unreachable(KafkaClientConfig kafka, Duration timeout) {
    return new CommandFailure(
        1,
        "Kafka at "
            + kafka.bootstrapServers()
            + " did not answer within "
            + timeout.toSeconds()
            + " s (check --bootstrap-servers and the security settings of --kafka-config)");
  }
}
