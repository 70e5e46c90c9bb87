package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.http.RateLimiter.Decision;
import ai.buena.leads.testing.TestClock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A key's limits over several instances: the others' reported counts, and each one's share. */
class SharedRateLimitsTest {
  private static final Instant TEN_O_CLOCK = Instant.parse("2026-01-15T10:00:00Z");
  /** 10:00 as the number of its minute since the epoch. */
  private static final long MINUTE = TEN_O_CLOCK.getEpochSecond() / 60;

  private final TestClock clock = new TestClock(TEN_O_CLOCK);
  private final RateLimiter limiter = new RateLimiter(RateLimits.of(10, 1_000, 10_000), clock);

  @Test
  void shouldCountWhatAnotherInstanceReportedAgainstTheLimit() {
    limiter.peerCounts("b:8080", "key", Map.of(RateWindow.MINUTE, new long[] {MINUTE, 7}));

    assertThat(admitted("key", 10)).isEqualTo(3);
  }

  @Test
  void shouldCountNothingAnotherInstanceReportedOfAnEarlierMinute() {
    limiter.peerCounts("b:8080", "key", Map.of(RateWindow.MINUTE, new long[] {MINUTE - 1, 9}));

    assertThat(admitted("key", 10)).isEqualTo(10);
  }

  @Test
  void shouldTellTheRemainingOfTheKeyAcrossInstances() {
    limiter.peerCounts("b:8080", "key", Map.of(RateWindow.MINUTE, new long[] {MINUTE, 4}));

    Decision decision = limiter.acquire("key");

    assertThat(decision.window()).isEqualTo(RateWindow.MINUTE);
    assertThat(decision.remaining()).isEqualTo(5);
  }

  @Test
  void shouldCountAgainWithoutTheReportsOfAnInstanceItForgot() {
    limiter.peerCounts("b:8080", "key", Map.of(RateWindow.MINUTE, new long[] {MINUTE, 10}));
    limiter.forgetPeer("b:8080");

    assertThat(admitted("key", 10)).isEqualTo(10);
  }

  @Test
  void shouldAdmitItsShareOfWhatIsLeftThenAskForAFreshRound() {
    AtomicInteger asked = new AtomicInteger();
    limiter.refreshWith(keyId -> asked.incrementAndGet() < 0);
    limiter.roundTaken(2);

    assertThat(admitted("key", 5)).isEqualTo(5);
    assertThat(asked).hasValue(0);
    limiter.acquire("key");
    assertThat(asked).hasValue(1);
  }

  @Test
  void shouldAdmitItsShareOfWhatTheFreshRoundLeft() {
    limiter.refreshWith(
        keyId -> {
          limiter.peerCounts("b:8080", "key", Map.of(RateWindow.MINUTE, new long[] {MINUTE, 3}));
          limiter.roundTaken(2);
          return true;
        });
    limiter.roundTaken(2);

    // 5 (half of 10), then the round: 10 - 5 - 3 = 2 left, 1 of them here, then 1 of the last 1
    assertThat(admitted("key", 10)).isEqualTo(7);
  }

  @Test
  void shouldAskForAFreshRoundWhenAnotherInstanceSpentItsShareOfTheKey() {
    AtomicInteger asked = new AtomicInteger();
    limiter.refreshWith(keyId -> asked.incrementAndGet() < 0);
    limiter.roundTaken(2);
    limiter.acquire("key");

    limiter.outdateShare("key");
    limiter.acquire("key");

    assertThat(asked).hasValue(1);
  }

  @Test
  void shouldDecideOnTheLastReportsWhenNoFreshRoundCameInTime() {
    limiter.refreshWith(keyId -> false);
    limiter.roundTaken(3);

    assertThat(admitted("key", 20)).isEqualTo(10);
  }

  @Test
  void shouldReportOnlyTheKeysItCountedSinceAChange() {
    limiter.acquire("first");
    long version = limiter.version();
    limiter.acquire("second");
    limiter.peerCounts("b:8080", "third", Map.of(RateWindow.MINUTE, new long[] {MINUTE, 1}));

    Map<String, Map<RateWindow, long[]>> changed = limiter.ownCountsSince(version);

    assertThat(changed).containsOnlyKeys("second");
    assertThat(changed.get("second").get(RateWindow.MINUTE)).containsExactly(MINUTE, 1);
  }

  private int admitted(String key, int requests) {
    int admitted = 0;
    for (int i = 0; i < requests; i++) {
      admitted += limiter.acquire(key).allowed() ? 1 : 0;
    }
    return admitted;
  }
}
