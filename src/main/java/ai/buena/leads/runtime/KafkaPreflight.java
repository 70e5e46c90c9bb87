package ai.buena.leads.runtime;

import ai.buena.leads.clients.KafkaClientConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
  /** How soon a requested stop ends the wait for Kafka's first answer. */
  static final Duration STOP_CHECK = Duration.ofMillis(100);

  private KafkaPreflight() {}

  /**
   * An admin client that has reached Kafka: the caller closes it. Gives up within {@link
   * #STOP_CHECK} once {@code stopRequested} says so (a SIGTERM while Kafka does not answer ends
   * the start at once, not after the whole timeout).
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
      while (true) {
        if (stopRequested.getAsBoolean()) {
          admin.close(Duration.ZERO);
          throw new CommandFailure(1, "stopped before Kafka at " + kafka.bootstrapServers() + " answered");
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException();
        }
        try {
          nodes.get(Math.min(left, STOP_CHECK.toNanos()), TimeUnit.NANOSECONDS);
          return admin;
        } catch (TimeoutException notYet) {
          // look at the stop request again
        }
      }
    } catch (ExecutionException e) {
      admin.close();
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw unreachable(kafka, timeout);
      }
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      admin.close();
      throw unreachable(kafka, timeout);
    } catch (InterruptedException e) {
      admin.close();
      Thread.currentThread().interrupt();
      throw new CommandFailure(1, "interrupted while connecting to Kafka");
    } catch (CommandFailure e) {
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
