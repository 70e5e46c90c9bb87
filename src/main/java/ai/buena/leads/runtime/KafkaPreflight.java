package ai.buena.leads.runtime;

import ai.buena.leads.clients.KafkaClientConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;

/**
 * Connects once before anything starts, so that wrong credentials or TLS settings end the command
 * with one line instead of clients retrying forever. Describing the cluster needs no ACL. The
 * connected admin client is handed on (to the topic check), so a start connects one, not two.
 */
final class KafkaPreflight {
  private KafkaPreflight() {}

  /**
   * An admin client that has reached Kafka: the caller closes it. Gives up within {@link
   * StoppableWait#STOP_CHECK} once {@code stopRequested} says so (a SIGTERM while Kafka does not
   * answer ends the start at once, not after the whole timeout).
   *
   * @throws org.apache.kafka.common.errors.AuthenticationException when Kafka refuses the
   *     credentials or the TLS handshake fails
   * @throws CommandFailure when Kafka does not answer within {@code timeout}, or a stop was
   *     requested first
   */
  static Admin connect(KafkaClientConfig kafka, Duration timeout, BooleanSupplier stopRequested) {
    int millis = (int) timeout.toMillis();
    Admin admin =
        Admin.create(
            kafka.properties(
                Map.of(
                    AdminClientConfig.CLIENT_ID_CONFIG, "lead-projection-admin",
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis),
                Map.of()));
    try {
      KafkaFuture<Collection<Node>> nodes =
          admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis)).nodes();
      long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
      if (StoppableWait.get(
              nodes,
              deadline,
              stopRequested,
              "stopped before Kafka at " + kafka.bootstrapServers() + " answered")
          .isEmpty()) {
        throw unreachable(kafka, timeout);
      }
      return admin;
    } catch (ExecutionException e) {
      admin.close();
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw unreachable(kafka, timeout);
      }
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      admin.close();
      Thread.currentThread().interrupt();
      throw new CommandFailure(1, "interrupted while connecting to Kafka");
    } catch (CommandFailure e) {
      admin.close(Duration.ZERO);
      throw e;
    } catch (RuntimeException e) {
      admin.close();
      throw e;
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
