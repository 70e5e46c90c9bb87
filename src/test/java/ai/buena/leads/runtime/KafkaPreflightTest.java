package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.buena.leads.clients.KafkaClientConfig;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KafkaPreflightTest {
  /** A local port nothing listens on: every connection is refused, Kafka never answers. */
  private static KafkaClientConfig unreachable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    return KafkaClientConfig.plain("127.0.0.1:" + port);
  }

  @Test
  void shouldGiveUpWaitingForKafkaSoonAfterAStopIsRequested() throws Exception {
    long started = System.nanoTime();
    AtomicLong stopAt = new AtomicLong(started + Duration.ofMillis(300).toNanos());

    assertThatThrownBy(
            () ->
                KafkaPreflight.connect(
                    unreachable(), Duration.ofSeconds(20), () -> System.nanoTime() >= stopAt.get()))
        .isInstanceOf(CommandFailure.class)
        .hasMessageContaining("stopped before Kafka");

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void shouldSayKafkaDidNotAnswerWhenNoStopComesWithinTheTimeout() {
    assertThatThrownBy(() -> KafkaPreflight.connect(unreachable(), Duration.ofSeconds(1), () -> false))
        .isInstanceOf(CommandFailure.class)
        .hasMessageContaining("did not answer within 1 s");
  }

  @Test
  void shouldWaitTheGraceAndSaySoWhenKafkasAddressAcceptsConnectionsButNeverAnswers()
      throws Exception {
    // the operating system accepts connections into the backlog; nothing ever answers them
    try (ServerSocket silent = new ServerSocket(0)) {
      KafkaClientConfig kafka = KafkaClientConfig.plain("127.0.0.1:" + silent.getLocalPort());
      long started = System.nanoTime();

      assertThatThrownBy(
              () -> KafkaPreflight.connect(kafka, Duration.ofSeconds(1), Duration.ofSeconds(1), () -> false))
          .isInstanceOf(CommandFailure.class)
          .hasMessageContaining("accepts connections but did not answer within 2 s");

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }
  }

  @Test
  void shouldNotWaitTheGraceForAnAddressThatRefusesConnections() throws Exception {
    long started = System.nanoTime();

    assertThatThrownBy(
            () -> KafkaPreflight.connect(unreachable(), Duration.ofSeconds(1), Duration.ofSeconds(30), () -> false))
        .isInstanceOf(CommandFailure.class)
        .hasMessageContaining("did not answer within 1 s (check --bootstrap-servers");

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
  }
}
