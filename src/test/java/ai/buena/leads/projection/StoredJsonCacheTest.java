package ai.buena.leads.projection;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.testing.Seeded;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

class StoredJsonCacheTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void shouldAnswerTheJsonKeptForAKey() {
    StoredJsonCache cache = new StoredJsonCache(new LeadJsonCaches(MIB));

    cache.put(key("lead_1"), json("one"));

    assertThat(cache.get(key("lead_1"))).isEqualTo(json("one"));
    assertThat(cache.get(key("lead_2"))).isNull();
  }

  @Test
  void shouldForgetAKeyOnlyForThatKey() {
    StoredJsonCache cache = new StoredJsonCache(new LeadJsonCaches(MIB));
    cache.put(key("lead_1"), json("one"));
    cache.put(key("lead_2"), json("two"));

    cache.forget(key("lead_1"));

    assertThat(cache.get(key("lead_1"))).isNull();
    assertThat(cache.get(key("lead_2"))).isEqualTo(json("two"));
  }

  @Test
  void shouldLetALeadReadIntoATakenSlotReplaceTheOneThere() {
    StoredJsonCache cache = new StoredJsonCache(new LeadJsonCaches(MIB));
    Bytes first = key("lead_0");
    Bytes second = sameSlotAs(first);
    cache.put(first, json("first"));

    cache.put(second, json("second"));

    assertThat(cache.get(first)).isNull();
    assertThat(cache.get(second)).isEqualTo(json("second"));
    assertThat(cache.heldBytes()).isEqualTo(cost(second, json("second")));
  }

  @Test
  void shouldNotForgetAnotherKeyHeldInTheSameSlot() {
    StoredJsonCache cache = new StoredJsonCache(new LeadJsonCaches(MIB));
    Bytes first = key("lead_0");
    Bytes second = sameSlotAs(first);
    cache.put(second, json("second"));

    cache.forget(first);

    assertThat(cache.get(second)).isEqualTo(json("second"));
  }

  @Test
  void shouldKeepNothingBeyondTheLimitItsCachesShare() {
    long limit = 10 * (StoredJsonCache.ENTRY_OVERHEAD + 100L);
    LeadJsonCaches account = new LeadJsonCaches(limit);
    StoredJsonCache one = new StoredJsonCache(account);
    StoredJsonCache two = new StoredJsonCache(account);

    for (int i = 0; i < 100; i++) {
      one.put(key("one_" + i), new byte[90]);
      two.put(key("two_" + i), new byte[90]);
    }

    assertThat(account.heldBytes()).isLessThanOrEqualTo(limit).isGreaterThan(0);
    assertThat(account.heldBytes()).isEqualTo(one.heldBytes() + two.heldBytes());
  }

  @Test
  void shouldGiveBackWhatItHeldAndKeepNothingOnceClosed() {
    LeadJsonCaches account = new LeadJsonCaches(MIB);
    StoredJsonCache cache = new StoredJsonCache(account);
    cache.put(key("lead_1"), json("one"));

    cache.close();
    cache.put(key("lead_2"), json("two"));

    assertThat(account.heldBytes()).isZero();
    assertThat(cache.get(key("lead_1"))).isNull();
    assertThat(cache.get(key("lead_2"))).isNull();
  }

  @Test
  void shouldGiveBackWhatItHeldWhenCleared() {
    LeadJsonCaches account = new LeadJsonCaches(MIB);
    StoredJsonCache cache = new StoredJsonCache(account);
    for (int i = 0; i < 50; i++) {
      cache.put(key("lead_" + i), json("lead " + i));
    }

    cache.clear();

    assertThat(account.heldBytes()).isZero();
    assertThat(cache.get(key("lead_7"))).isNull();
  }

  @Test
  void shouldKeepNothingWhenItsLimitIsZero() {
    LeadJsonCaches off = new LeadJsonCaches(0);
    StoredJsonCache cache = new StoredJsonCache(off);

    cache.put(key("lead_1"), json("one"));

    assertThat(cache.get(key("lead_1"))).isNull();
    assertThat(off.heldBytes()).isZero();
    assertThat(off.enabled()).isFalse();
  }

  @Test
  void shouldCountHitsAndMisses() {
    LeadJsonCaches account = new LeadJsonCaches(MIB);
    StoredJsonCache cache = new StoredJsonCache(account);
    cache.put(key("lead_1"), json("one"));

    cache.get(key("lead_1"));
    cache.get(key("lead_1"));
    cache.get(key("lead_2"));

    assertThat(account.hitCount()).isEqualTo(2);
    assertThat(account.missCount()).isEqualTo(1);
  }

  @Test
  void shouldAnswerAsAMapOfTheKeysItWasLastGivenUnlessItDroppedThem() {
    Seeded.check(
        20,
        random -> {
          LeadJsonCaches account = new LeadJsonCaches(random.nextInt(40) * 200L);
          StoredJsonCache cache = new StoredJsonCache(account);
          java.util.Map<Bytes, byte[]> reference = new java.util.HashMap<>();
          for (int step = 0; step < 2_000; step++) {
            Bytes key = key("lead_" + random.nextInt(64));
            switch (random.nextInt(10)) {
              case 0 -> {
                cache.forget(key);
                reference.remove(key);
              }
              case 1 -> {
                if (random.nextInt(20) == 0) {
                  cache.clear();
                  reference.clear();
                }
              }
              case 2, 3, 4 -> {
                byte[] value = json("v" + step + "x".repeat(random.nextInt(100)));
                cache.put(key, value);
                reference.put(key, value);
              }
              default -> {
                byte[] kept = cache.get(key);
                if (kept != null) {
                  assertThat(kept).as("step %d", step).isEqualTo(reference.get(key));
                }
              }
            }
            assertThat(account.heldBytes()).isEqualTo(cache.heldBytes()).isLessThanOrEqualTo(account.limitBytes());
          }
        });
  }

  @Test
  void shouldKeepItsAccountExactUnderConcurrentPutsForgetsAndAClose() throws Exception {
    LeadJsonCaches account = new LeadJsonCaches(64 * 1024);
    List<StoredJsonCache> caches = List.of(new StoredJsonCache(account), new StoredJsonCache(account));
    ExecutorService threads = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(
            threads.submit(
                () -> {
                  start.await();
                  ThreadLocalRandom random = ThreadLocalRandom.current();
                  for (int i = 0; i < 50_000; i++) {
                    StoredJsonCache cache = caches.get(random.nextInt(2));
                    Bytes key = key("lead_" + random.nextInt(5_000));
                    if (random.nextInt(4) == 0) {
                      cache.forget(key);
                    } else {
                      cache.put(key, new byte[random.nextInt(300)]);
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      caches.get(0).close();
      for (Future<?> each : done) {
        each.get();
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(caches.get(0).heldBytes()).isZero();
    assertThat(account.heldBytes()).isEqualTo(caches.get(1).heldBytes()).isLessThanOrEqualTo(64 * 1024);
    caches.get(1).clear();
    assertThat(account.heldBytes()).isZero();
  }

  private static Bytes sameSlotAs(Bytes first) {
    StoredJsonCache probe = new StoredJsonCache(new LeadJsonCaches(64 * MIB));
    probe.put(first, json("probe"));
    for (int i = 1; ; i++) {
      Bytes candidate = key("lead_" + i);
      probe.put(candidate, json("probe"));
      if (probe.get(first) == null) {
        return candidate;
      }
    }
  }

  private static long cost(Bytes key, byte[] json) {
    return key.get().length + json.length + StoredJsonCache.ENTRY_OVERHEAD;
  }

  private static Bytes key(String leadId) {
    return Bytes.wrap(leadId.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] json(String text) {
    return ("{\"v\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
  }
}
