package ai.buena.leads.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AwaitFromTheStartTest {
  @Test
  void shouldCheckAConditionThatAlreadyHoldsWithoutWaitingAPollInterval() {
    long start = System.nanoTime();
    for (int i = 0; i < 2; i++) {
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(10)).until(() -> true);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }
}
