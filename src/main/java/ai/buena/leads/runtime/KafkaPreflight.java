package ai.buena.leads.runtime;

import ai.buena.leads.clients.KafkaClientConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects once before anything starts, so that wrong credentials or TLS settings end the command
 * with one line instead of clients retrying forever. Describing the cluster needs no ACL. The
 * connected admin client is handed on (to the topic check), so a start connects one, not two.
 */
final class KafkaPreflight {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaPreflight.class);

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
    return connect(kafka, timeout, LISTENING_GRACE, stopRequested);
  }

  /**
   * How much longer to wait for an answer when Kafka's address accepts connections: on a node
   * whose CPU is taken (the probe's: load average 35 on 2 cores) this process itself needs more
   * than {@code timeout} to connect and ask, and the broker was fine.
   */
  static final Duration LISTENING_GRACE = Duration.ofSeconds(40);

  /** {@link #connect(KafkaClientConfig, Duration, BooleanSupplier)} with the grace given. */
  static Admin connect(
      KafkaClientConfig kafka, Duration timeout, Duration grace, BooleanSupplier stopRequested) {
    Admin admin =
        Admin.create(
            kafka.properties(
                Map.of(
                    AdminClientConfig.CLIENT_ID_CONFIG, "lead-projection-admin",
                    // the admin is handed on to the topic and group checks: their requests keep
                    // this bound; the grace below is a second call, not a longer request
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()),
                Map.of()));
    try {
      if (answers(admin, kafka, timeout, stopRequested)) {
        return admin;
      }
      if (!listening(kafka.bootstrapServers())) {
        throw unreachable(kafka, timeout);
      }
      LOG.warn(
          "Kafka at {} accepts connections but did not answer within {} s (a busy node or cluster,"
              + " or a listener that expects another security.protocol): waiting {} s more",
          kafka.bootstrapServers(),
          timeout.toSeconds(),
          grace.toSeconds());
      if (answers(admin, kafka, grace, stopRequested)) {
        return admin;
      }
      throw new CommandFailure(
          1,
          "Kafka at "
              + kafka.bootstrapServers()
              + " accepts connections but did not answer within "
              + timeout.plus(grace).toSeconds()
              + " s (check security.protocol and the other settings of --kafka-config; or the"
              + " node or the cluster is overloaded)");
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

  /**
   * Whether Kafka describes the cluster within {@code wait}; false when it did not answer in time.
   *
   * @throws org.apache.kafka.common.errors.AuthenticationException when Kafka refuses the
   *     credentials or the TLS handshake fails
   */
  private static boolean answers(
      Admin admin, KafkaClientConfig kafka, Duration wait, BooleanSupplier stopRequested)
      throws InterruptedException {
    int millis = (int) wait.toMillis();
    KafkaFuture<Collection<Node>> nodes =
        admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis)).nodes();
    long deadline = System.nanoTime() + wait.toNanos() + TimeUnit.SECONDS.toNanos(1);
    try {
      return StoppableWait.get(
              nodes,
              deadline,
              stopRequested,
              "stopped before Kafka at " + kafka.bootstrapServers() + " answered")
          .isPresent();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        return false;
      }
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Whether any bootstrap address accepts a TCP connection (within 2 s each). */
  static boolean listening(String bootstrapServers) {
    for (String address : bootstrapServers.split(",")) {
      String url = address.strip();
      String host = Utils.getHost(url);
      Integer port = Utils.getPort(url);
      if (host == null || port == null) {
        continue;
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, port), (int) TCP_CHECK.toMillis());
        return true;
      } catch (IOException | IllegalArgumentException e) {
        // not this one
      }
    }
    return false;
  }

  private static final Duration TCP_CHECK = Duration.ofSeconds(2);

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
