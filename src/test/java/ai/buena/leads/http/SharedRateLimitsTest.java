package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.http.RateLimiter.Decision;
import ai.buena.leads.testing.TestClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
  void shouldKeepAnInstancesHigherCountWhenAnOlderReportOfTheSameMinuteArrivesLater() {
    limiter.peerCounts("b:8080", "key", Map.of(RateWindow.MINUTE, new long[] {MINUTE, 7}));
    limiter.peerCounts("b:8080", "key", Map.of(RateWindow.MINUTE, new long[] {MINUTE, 2}));

    assertThat(admitted("key", 10)).isEqualTo(3);
  }

  @Test
  void shouldKeepAnInstancesCountOfThisMinuteWhenItsReportOfAnEarlierMinuteArrivesLater() {
    limiter.peerCounts("b:8080", "key", Map.of(RateWindow.MINUTE, new long[] {MINUTE, 7}));
    limiter.peerCounts("b:8080", "key", Map.of(RateWindow.MINUTE, new long[] {MINUTE - 1, 9}));

    assertThat(admitted("key", 10)).isEqualTo(3);
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
  void shouldAdmitAnNthOfTheLimitAtAWindowsStartWithoutAskingTheOthers() {
    AtomicInteger asked = new AtomicInteger();
    limiter.refreshWith(keyId -> asked.incrementAndGet() < 0 ? 0 : -1);
    limiter.roundTaken(2);

    assertThat(admitted("key", 5)).isEqualTo(5);
    assertThat(asked).hasValue(0);
    limiter.acquire("key");
    assertThat(asked).hasValue(1);
  }

  @Test
  void shouldAskAFreshRoundBeforeAdmittingMoreOnceAnotherInstanceAskedOne() {
    AtomicInteger asked = new AtomicInteger();
    limiter.refreshWith(keyId -> asked.incrementAndGet());
    limiter.roundTaken(2);
    limiter.acquire("key");

    limiter.outdateShare("key");
    limiter.acquire("key");

    assertThat(asked).hasValue(1);
  }

  @Test
  void shouldDecideOnTheLastReportsWhenNoFreshRoundCameInTime() {
    limiter.refreshWith(keyId -> -1);
    limiter.roundTaken(3);

    assertThat(admitted("key", 20)).isEqualTo(10);
  }

  @Test
  void shouldAdmitTheWholeLimitOnOneInstanceThroughFreshRounds() {
    Cluster cluster = new Cluster(60, 3);

    int admitted = 0;
    for (int i = 0; i < 100; i++) {
      admitted += cluster.instance(0).acquire("key").allowed() ? 1 : 0;
    }

    assertThat(admitted).isEqualTo(60);
  }

  @Test
  void shouldAdmitAboutTheLimitWhenManyThreadsSpreadAKeysRequestsOverTheInstances() throws Exception {
    for (int run = 0; run < 30; run++) {
      int instances = 2 + run % 3;
      Cluster cluster = new Cluster(60, instances);
      AtomicInteger admitted = new AtomicInteger();
      ExecutorService clients = Executors.newFixedThreadPool(8);
      List<Future<?>> running = new ArrayList<>();
      for (int client = 0; client < 8; client++) {
        Random random = new Random(run * 8L + client);
        int count = instances;
        running.add(
            clients.submit(
                () -> {
                  for (int i = 0; i < 40; i++) {
                    // uneven: most requests to the first instance
                    int to = random.nextInt(3) == 0 ? random.nextInt(count) : 0;
                    if (cluster.instance(to).acquire("key").allowed()) {
                      admitted.incrementAndGet();
                    }
                  }
                }));
      }
      for (Future<?> done : running) {
        done.get();
      }
      clients.shutdown();

      assertThat(admitted.get()).as("run %d, %d instances", run, instances).isBetween(60, 60 + instances - 1);
    }
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

  /**
   * Instances whose fresh rounds call each other in process, as {@link RateCountPulls} does over
   * HTTP: each other one is stopped at its count, then reports it.
   */
  private static final class Cluster {
    private final List<RateLimiter> instances = new ArrayList<>();
    private final AtomicLong rounds = new AtomicLong();

    Cluster(int perMinute, int size) {
      TestClock clock = new TestClock(TEN_O_CLOCK);
      for (int i = 0; i < size; i++) {
        instances.add(new RateLimiter(RateLimits.of(perMinute, 100_000, 1_000_000), clock));
      }
      for (int i = 0; i < size; i++) {
        RateLimiter self = instances.get(i);
        int at = i;
        self.roundTaken(size);
        self.refreshWith(
            keyId -> {
              for (int other = 0; other < size; other++) {
                if (other != at) {
                  RateLimiter peer = instances.get(other);
                  peer.outdateShare(keyId);
                  Map<RateWindow, long[]> counts = peer.ownCountsSince(0).get(keyId);
                  if (counts != null) {
                    self.peerCounts("instance-" + other, keyId, counts);
                  }
                }
              }
              return rounds.incrementAndGet();
            });
      }
    }

    RateLimiter instance(int i) {
      return instances.get(i);
    }
  }

  private int admitted(String key, int requests) {
    int admitted = 0;
    for (int i = 0; i < requests; i++) {
      admitted += limiter.acquire(key).allowed() ? 1 : 0;
    }
    return admitted;
  }
}
