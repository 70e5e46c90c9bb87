package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.buena.leads.http.RateLimiter.Decision;
import ai.buena.leads.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private static final Instant TEN_O_CLOCK = Instant.parse("2026-01-15T10:00:00Z");

  private final TestClock clock = new TestClock(TEN_O_CLOCK);

  private static long epoch(String instant) {
    return Instant.parse(instant).getEpochSecond();
  }

  private static List<Decision> acquire(RateLimiter limiter, String key, int times) {
    List<Decision> decisions = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      decisions.add(limiter.acquire(key));
    }
    return decisions;
  }

  @Test
  void allowsUpToTheLimitOfAMinuteThenRefusesUntilTheNextMinute() {
    RateLimiter limiter = new RateLimiter(RateLimits.buena(), clock);
    clock.advance(Duration.ofSeconds(45));

    List<Decision> allowed = acquire(limiter, "key", 60);
    Decision refused = limiter.acquire("key");

    assertThat(allowed).allMatch(Decision::allowed);
    assertThat(allowed.get(0))
        .isEqualTo(new Decision(true, RateWindow.MINUTE, 60, 59, epoch("2026-01-15T10:01:00Z"), 0));
    assertThat(refused)
        .isEqualTo(
            new Decision(false, RateWindow.MINUTE, 60, 0, epoch("2026-01-15T10:01:00Z"), 15));
  }

  @Test
  void startsAFreshMinuteAtTheTopOfTheMinuteNotSixtySecondsAfterTheFirstRequest() {
    RateLimiter limiter = new RateLimiter(RateLimits.buena(), clock);
    clock.advance(Duration.ofSeconds(59));
    acquire(limiter, "key", 60);

    clock.advance(Duration.ofSeconds(1));
    Decision next = limiter.acquire("key");

    assertThat(next.allowed()).isTrue();
    assertThat(next.remaining()).isEqualTo(59);
    assertThat(next.reset()).isEqualTo(epoch("2026-01-15T10:02:00Z"));
  }

  @Test
  void keepsTheCountsOfTheLaterWindowWhenTheClockStepsBackIntoAnEarlierOne() {
    RateLimiter limiter = new RateLimiter(RateLimits.of(2, 100, 1_000), clock);
    clock.set(Instant.parse("2026-01-15T10:01:00.300Z"));
    acquire(limiter, "key", 2);

    clock.set(Instant.parse("2026-01-15T10:00:59.800Z"));
    Decision stepBack = limiter.acquire("key");

    assertThat(stepBack.allowed()).isFalse();
  }

  @Test
  void countsNothingForARefusedRequest() {
    RateLimiter limiter = new RateLimiter(RateLimits.of(2, 4, 100), clock);
    acquire(limiter, "key", 2);
    acquire(limiter, "key", 10);

    clock.advance(Duration.ofMinutes(1));
    Decision next = limiter.acquire("key");

    assertThat(next)
        .isEqualTo(new Decision(true, RateWindow.HOUR, 4, 1, epoch("2026-01-15T11:00:00Z"), 0));
  }

  @Test
  void describesTheWindowWithTheFewestRequestsRemaining() {
    RateLimiter limiter = new RateLimiter(RateLimits.of(5, 8, 100), clock);
    Decision fifth = acquire(limiter, "key", 5).get(4);
    clock.advance(Duration.ofSeconds(90));

    Decision sixth = limiter.acquire("key");
    List<Decision> seventhAndEighth = acquire(limiter, "key", 2);
    Decision ninth = limiter.acquire("key");

    assertThat(fifth)
        .isEqualTo(new Decision(true, RateWindow.MINUTE, 5, 0, epoch("2026-01-15T10:01:00Z"), 0));
    assertThat(sixth)
        .isEqualTo(new Decision(true, RateWindow.HOUR, 8, 2, epoch("2026-01-15T11:00:00Z"), 0));
    assertThat(seventhAndEighth.get(1).remaining()).isZero();
    assertThat(ninth)
        .isEqualTo(
            new Decision(false, RateWindow.HOUR, 8, 0, epoch("2026-01-15T11:00:00Z"), 3_510));
  }

  @Test
  void namesTheLongerWindowWhenTwoHaveAsFewRequestsRemaining() {
    RateLimiter limiter = new RateLimiter(RateLimits.of(3, 3, 100), clock);

    Decision first = limiter.acquire("key");

    assertThat(first.window()).isEqualTo(RateWindow.HOUR);
    assertThat(first.remaining()).isEqualTo(2);
  }

  @Test
  void endsTheDayWindowAtMidnightUtc() {
    RateLimiter limiter = new RateLimiter(RateLimits.of(100, 100, 2), clock);
    clock.set(Instant.parse("2026-01-15T23:59:30Z"));
    acquire(limiter, "key", 2);

    Decision refused = limiter.acquire("key");
    clock.set(Instant.parse("2026-01-16T00:00:00Z"));
    Decision nextDay = limiter.acquire("key");

    assertThat(refused)
        .isEqualTo(new Decision(false, RateWindow.DAY, 2, 0, epoch("2026-01-16T00:00:00Z"), 30));
    assertThat(nextDay.allowed()).isTrue();
    assertThat(nextDay.remaining()).isEqualTo(1);
  }

  @Test
  void limitsEachKeyOnItsOwn() {
    RateLimiter limiter = new RateLimiter(RateLimits.of(1, 10, 100), clock);

    assertThat(limiter.acquire("a").allowed()).isTrue();
    assertThat(limiter.acquire("a").allowed()).isFalse();
    assertThat(limiter.acquire("b").allowed()).isTrue();
  }

  @Test
  void allowsExactlyTheLimitToConcurrentRequestsOfOneKey() throws Exception {
    RateLimiter limiter = new RateLimiter(RateLimits.buena(), clock);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        tasks.add(
            () -> (int) acquire(limiter, "key", 50).stream().filter(Decision::allowed).count());
      }
      int allowed = 0;
      for (Future<Integer> counted : threads.invokeAll(tasks)) {
        allowed += counted.get();
      }

      assertThat(allowed).isEqualTo(60);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void sharesEachLimitAmongInstancesRoundingDownToAtLeastOne() {
    assertThat(RateLimits.buena().forInstances(3)).isEqualTo(RateLimits.of(20, 333, 3_333));
    assertThat(RateLimits.buena().forInstances(1)).isEqualTo(RateLimits.buena());
    assertThat(RateLimits.buena().forInstances(100)).isEqualTo(RateLimits.of(1, 10, 100));
    assertThat(RateLimits.off().forInstances(3).enabled()).isFalse();
    assertThatThrownBy(() -> RateLimits.buena().forInstances(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isOffByDefault() {
    assertThat(ServerOptions.defaults().rateLimits().enabled()).isFalse();
    assertThat(RateLimits.buena()).isEqualTo(RateLimits.of(60, 1_000, 10_000));
  }
}
