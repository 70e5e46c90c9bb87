package ai.buena.leads.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.kstream.internals.TimeWindow;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;

class SeenEventFilterTest {
  private static final Duration WINDOW = Duration.ofDays(7);
  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final long NOW = 1_700_000_000_000L;
  private static final SeenEventFilterMemory UNLIMITED = new SeenEventFilterMemory(Long.MAX_VALUE);

  @Test
  void shouldNeverRuleOutAnEventTheStoreMayHoldWithinTheWindow() {
    SplittableRandom random = new SplittableRandom(11);
    SeenEventFilter filter = new SeenEventFilter(WINDOW, UNLIMITED, "test");
    List<KeyValue<String, Long>> stored = new ArrayList<>();
    long time = NOW;
    for (int i = 0; i < 50_000; i++) {
      // mostly growing record times, some behind by up to two days
      time += random.nextInt(20_000);
      long at = random.nextInt(10) == 0 ? time - random.nextLong(2 * DAY) : time;
      String key = "lead_" + random.nextInt(5_000) + "\u0000evt_" + random.nextInt(40_000);
      filter.add(key, at);
      stored.add(KeyValue.pair(key, at));
    }

    for (KeyValue<String, Long> entry : stored) {
      long arrival = entry.value + random.nextLong(-WINDOW.toMillis(), WINDOW.toMillis());
      if (arrival >= time - WINDOW.toMillis()) {
        assertThat(filter.mayHold(entry.key, arrival - WINDOW.toMillis(), arrival + WINDOW.toMillis()))
            .as("%s stored at %d, arriving again at %d", entry.key, entry.value, arrival)
            .isTrue();
      }
    }
  }

  @Test
  void shouldRuleOutAnEventStoredOnlyOutsideTheWindow() {
    SeenEventFilter filter = new SeenEventFilter(WINDOW, UNLIMITED, "test");
    filter.add("lead_1\u0000e1", NOW);

    // spans are half a window long: an arrival 12 days later has no span in common with it
    long arrival = NOW + 12 * DAY;
    assertThat(filter.mayHold("lead_1\u0000e1", arrival - WINDOW.toMillis(), arrival + WINDOW.toMillis()))
        .isFalse();
    assertThat(filter.mayHold("lead_1\u0000e1", NOW - WINDOW.toMillis(), NOW + WINDOW.toMillis())).isTrue();
  }

  @Test
  void shouldRuleOutMostEventsNeverStored() {
    SeenEventFilter filter = new SeenEventFilter(WINDOW, UNLIMITED, "test");
    for (int i = 0; i < 100_000; i++) {
      filter.add("lead_" + i + "\u0000evt_" + i, NOW + i * 1_000L);
    }

    int maybe = 0;
    for (int i = 0; i < 100_000; i++) {
      if (filter.mayHold("lead_" + i + "\u0000new_" + i, NOW, NOW + 2 * WINDOW.toMillis())) {
        maybe++;
      }
    }
    assertThat(maybe).isLessThan(5_000);
  }

  @Test
  void shouldLeaveEveryLookupToTheStoreUntilItHasReadTheStoreThrough() {
    SeenEventFilter filter = new SeenEventFilter(WINDOW, UNLIMITED, "test");
    List<KeyValue<Windowed<String>, byte[]>> entries = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      entries.add(entry("lead_" + i + "\u0000evt", NOW));
    }
    filter.startLoading(iterator(entries));

    assertThat(filter.loadFor(Duration.ZERO)).isFalse();
    assertThat(filter.answering()).isFalse();
    assertThat(filter.mayHold("lead_x\u0000never", NOW - DAY, NOW + DAY)).isTrue();

    while (!filter.loadFor(Duration.ZERO)) {
      // the rest, a step at a time
    }
    assertThat(filter.answering()).isTrue();
    assertThat(filter.mayHold("lead_9999\u0000evt", NOW - DAY, NOW + DAY)).isTrue();
    assertThat(filter.mayHold("lead_x\u0000never", NOW - DAY, NOW + DAY)).isFalse();
  }

  @Test
  void shouldCloseTheStoresIteratorOnceReadThroughOrClosed() {
    SeenEventFilter filter = new SeenEventFilter(WINDOW, UNLIMITED, "test");
    ListIterator read = iterator(List.of(entry("lead_1\u0000e1", NOW)));
    ListIterator abandoned = iterator(List.of(entry("lead_1\u0000e1", NOW), entry("lead_2\u0000e1", NOW)));

    filter.startLoading(read);
    assertThat(filter.loadFor(Duration.ofSeconds(1))).isTrue();
    SeenEventFilter closing = new SeenEventFilter(WINDOW, UNLIMITED, "test");
    closing.startLoading(abandoned);
    closing.close();

    assertThat(read.closed).isTrue();
    assertThat(abandoned.closed).isTrue();
  }

  @Test
  void shouldLeaveAWindowReachingBackToForgottenTimesToTheStore() {
    SeenEventFilter filter = new SeenEventFilter(WINDOW, UNLIMITED, "test");
    filter.add("lead_1\u0000old", NOW);
    filter.add("lead_1\u0000new", NOW + 30 * DAY);

    long lateArrival = NOW + DAY;
    assertThat(filter.mayHold("lead_1\u0000other", lateArrival - WINDOW.toMillis(), lateArrival + WINDOW.toMillis()))
        .isTrue();
    long arrival = NOW + 30 * DAY;
    assertThat(filter.mayHold("lead_1\u0000other", arrival - WINDOW.toMillis(), arrival + WINDOW.toMillis()))
        .isFalse();
  }

  @Test
  void shouldForgetTheFiltersOfTimesPastTheWindow() {
    SeenEventFilter filter = new SeenEventFilter(WINDOW, UNLIMITED, "test");
    for (int i = 0; i < 100_000; i++) {
      filter.add("lead_" + i + "\u0000evt", NOW);
    }
    SeenEventFilter justOne = new SeenEventFilter(WINDOW, UNLIMITED, "test");
    justOne.add("lead_1\u0000later", NOW + 20 * DAY);

    filter.add("lead_1\u0000later", NOW + 20 * DAY);

    assertThat(filter.bytes()).isEqualTo(justOne.bytes());
  }

  @Test
  void shouldDropItselfPastItsMemoryLimitAndLeaveEveryLookupToTheStore() {
    SeenEventFilterMemory memory = new SeenEventFilterMemory(64 * 1024);
    SeenEventFilter filter = new SeenEventFilter(WINDOW, memory, "test");
    for (int i = 0; i < 100_000; i++) {
      filter.add("lead_" + i + "\u0000evt", NOW);
    }

    assertThat(filter.dropped()).isTrue();
    assertThat(filter.bytes()).isZero();
    assertThat(memory.heldBytes()).isZero();
    assertThat(filter.mayHold("lead_x\u0000never", NOW - DAY, NOW + DAY)).isTrue();
  }

  @Test
  void shouldTellWhatItWouldHaveHeldWhenItWasDropped() {
    SeenEventFilterMemory memory = new SeenEventFilterMemory(64 * 1024);
    SeenEventFilter filter = new SeenEventFilter(WINDOW, memory, "test");
    assertThat(filter.neededBytes()).isZero();
    long heldBeforeTheDrop = 0;
    for (int i = 0; i < 100_000 && !filter.dropped(); i++) {
      heldBeforeTheDrop = filter.bytes();
      filter.add("lead_" + i + "\u0000evt", NOW);
    }

    assertThat(filter.dropped()).isTrue();
    assertThat(filter.neededBytes()).isGreaterThan(memory.limitBytes()).isGreaterThan(heldBeforeTheDrop);
    assertThat(memory.hasRoomFor(filter.neededBytes())).isFalse();
    assertThat(memory.hasRoomFor(memory.limitBytes())).isTrue();
  }

  @Test
  void shouldShareOneMemoryLimitWithTheOtherFiltersOfTheInstance() {
    SeenEventFilterMemory memory = new SeenEventFilterMemory(400 * 1024);
    SeenEventFilter first = new SeenEventFilter(WINDOW, memory, "partition 0");
    SeenEventFilter second = new SeenEventFilter(WINDOW, memory, "partition 1");
    for (int i = 0; i < 50_000; i++) {
      first.add("lead_" + i + "\u0000evt", NOW);
    }
    long firstBytes = first.bytes();

    for (int i = 0; i < 100_000; i++) {
      second.add("lead_" + i + "\u0000evt", NOW);
    }

    assertThat(first.dropped()).isFalse();
    assertThat(second.dropped()).isTrue();
    assertThat(memory.heldBytes()).isEqualTo(firstBytes);
    assertThat(first.mayHold("lead_7\u0000evt", NOW - DAY, NOW + DAY)).isTrue();
  }

  @Test
  void shouldGiveItsMemoryBackWhenItForgetsTimesAndWhenItsTaskCloses() {
    SeenEventFilterMemory memory = new SeenEventFilterMemory(Long.MAX_VALUE);
    SeenEventFilter filter = new SeenEventFilter(WINDOW, memory, "test");
    for (int i = 0; i < 100_000; i++) {
      filter.add("lead_" + i + "\u0000evt", NOW);
    }
    filter.add("lead_1\u0000later", NOW + 20 * DAY);
    assertThat(memory.heldBytes()).isEqualTo(filter.bytes()).isPositive();

    filter.close();

    assertThat(memory.heldBytes()).isZero();
  }

  @Test
  void shouldStopReadingTheStoreWhenDroppedWhileReading() {
    SeenEventFilter filter = new SeenEventFilter(WINDOW, new SeenEventFilterMemory(64 * 1024), "test");
    List<KeyValue<Windowed<String>, byte[]>> entries = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      entries.add(entry("lead_" + i + "\u0000evt", NOW));
    }
    ListIterator store = iterator(entries);
    filter.startLoading(store);

    assertThat(filter.loadFor(Duration.ofSeconds(10))).isTrue();
    assertThat(filter.dropped()).isTrue();
    assertThat(store.closed).isTrue();
    assertThat(store.read).isLessThan(entries.size());
  }

  private static KeyValue<Windowed<String>, byte[]> entry(String key, long at) {
    return KeyValue.pair(new Windowed<>(key, new TimeWindow(at, at + WINDOW.toMillis())), new byte[0]);
  }

  private static ListIterator iterator(List<KeyValue<Windowed<String>, byte[]>> entries) {
    return new ListIterator(entries.iterator());
  }

  /** The store's iterator as the filter reads it: entries, and whether it was closed. */
  private static final class ListIterator implements KeyValueIterator<Windowed<String>, byte[]> {
    private final Iterator<KeyValue<Windowed<String>, byte[]>> entries;
    boolean closed;
    int read;

    ListIterator(Iterator<KeyValue<Windowed<String>, byte[]>> entries) {
      this.entries = entries;
    }

    @Override
    public boolean hasNext() {
      return entries.hasNext();
    }

    @Override
    public KeyValue<Windowed<String>, byte[]> next() {
      read++;
      return entries.next();
    }

    @Override
    public void close() {
      closed = true;
    }

    @Override
    public Windowed<String> peekNextKey() {
      throw new UnsupportedOperationException();
    }
  }
}
