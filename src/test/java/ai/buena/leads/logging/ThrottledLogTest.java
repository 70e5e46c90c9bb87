package ai.buena.leads.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThrottledLogTest {
  private final AtomicLong nanos = new AtomicLong();
  private final ThrottledLog log = new ThrottledLog(Duration.ofSeconds(10), nanos::get);
  private final List<String> lines = new ArrayList<>();

  @Test
  void shouldWriteTheFirstOccurrenceThenOneLineAPeriodWithTheCountSinceTheLast() {
    occur(); // 0 s
    for (int i = 0; i < 99; i++) {
      nanos.addAndGet(Duration.ofMillis(50).toNanos());
      occur(); // up to 4.95 s: counted
    }
    nanos.addAndGet(Duration.ofSeconds(6).toNanos());
    occur(); // 10.95 s

    assertThat(lines).containsExactly("1 first", "100 later");
  }

  private void occur() {
    log.occurred((count, first) -> lines.add(count + (first ? " first" : " later")));
  }
}
