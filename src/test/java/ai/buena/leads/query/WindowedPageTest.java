package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link WindowedPage} against the simple reference (all instances' matches merged, the page taken
 * by position), over seeded random answers spread over two to four instances, evenly (by a hash,
 * as leads are) and unevenly, with runs from {@link Window#runOf} and from anywhere.
 */
class WindowedPageTest {
  private static final Comparator<SortKey> ORDER = LeadOrder.keyComparator(SortOrder.ASC);
  private static final Instant BASE = Instant.parse("2025-01-01T00:00:00Z");

  @Test
  void shouldFindOnlyTheTruePageWhateverTheRuns() {
    Random random = new Random(7);
    int found = 0;
    for (int round = 0; round < 600; round++) {
      List<List<SortKey>> instances = spread(random, 2 + random.nextInt(3), 1 + random.nextInt(3_000), random.nextBoolean());
      List<SortKey> all = merged(instances);
      long offset = random.nextInt(all.size());
      int count = (int) Math.min(1 + random.nextInt(101), all.size() - offset);
      List<WindowedPage.Share> shares = new ArrayList<>();
      for (int i = 0; i < instances.size(); i++) {
        List<SortKey> mine = instances.get(i);
        int from = mine.isEmpty() ? 0 : random.nextInt(mine.size());
        int to = from + random.nextInt(mine.size() - from + 1);
        shares.add(share(i, mine, from, to));
      }

      Optional<List<WindowedPage.Placed>> page = WindowedPage.find(shares, ORDER, offset, count);

      if (page.isPresent()) {
        found++;
        assertThat(keys(page.get())).isEqualTo(all.subList((int) offset, (int) offset + count));
      }
    }
    assertThat(found).as("pages found among 600 random runs").isPositive();
  }

  @Test
  void shouldFindEveryPageFromTheRunsAWindowAsksForWhenMatchesAreSpreadByAHash() {
    Random random = new Random(11);
    for (int round = 0; round < 150; round++) {
      List<List<SortKey>> instances = spread(random, 2 + random.nextInt(3), 1_000 + random.nextInt(20_000), true);
      List<SortKey> all = merged(instances);
      long offset = random.nextInt(all.size());
      int limit = 1 + random.nextInt(100);
      int count = (int) Math.min(limit + 1, all.size() - offset);
      Window window = new Window(offset, all.size(), Window.FIRST_SIGMAS);
      List<WindowedPage.Share> shares = new ArrayList<>();
      for (int i = 0; i < instances.size(); i++) {
        List<SortKey> mine = instances.get(i);
        Window.Run run = window.runOf(mine.size(), limit);
        shares.add(share(i, mine, (int) run.from(), (int) run.from() + run.count()));
      }

      Optional<List<WindowedPage.Placed>> page = WindowedPage.find(shares, ORDER, offset, count);

      assertThat(page).as("offset %d of %d over %d instances", offset, all.size(), instances.size()).isPresent();
      assertThat(keys(page.get())).isEqualTo(all.subList((int) offset, (int) offset + count));
    }
  }

  @Test
  void shouldMissThePageWhenOneInstanceHoldsTheAnswersStartAndAnotherItsEnd() {
    List<List<SortKey>> instances = List.of(keys(0, 5_000), keys(5_000, 10_000));
    Window window = new Window(5_000, 10_000, Window.SECOND_SIGMAS);
    List<WindowedPage.Share> shares = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Window.Run run = window.runOf(5_000, 100);
      shares.add(share(i, instances.get(i), (int) run.from(), (int) run.from() + run.count()));
    }

    assertThat(WindowedPage.find(shares, ORDER, 5_000, 101)).isEmpty();
  }

  @Test
  void shouldFindThePageOfAShareShiftedByMissingLeadsOnceTheWindowHasTheirSlack() {
    Random random = new Random(19);
    List<List<SortKey>> instances = spread(random, 2, 4_000, true);
    int missing = 1_500;
    long counted = instances.get(0).size() + instances.get(1).size();
    // a standby copy that lacks the answer's first 1,500 leads of its share (the newest, sorted by
    // createdAt desc), as during a bulk import while the active is down
    List<List<SortKey>> seen =
        List.of(instances.get(0).subList(missing, instances.get(0).size()), instances.get(1));
    List<SortKey> all = merged(seen);
    long offset = 1_000;

    assertThat(find(seen, new Window(offset, counted, Window.SECOND_SIGMAS), all.size(), offset))
        .as("16 deviations alone")
        .isEmpty();
    assertThat(find(seen, new Window(offset, all.size(), Window.SECOND_SIGMAS, missing + (counted - all.size())), all.size(), offset))
        .hasValue(all.subList((int) offset, (int) offset + 101));
  }

  private static Optional<List<SortKey>> find(List<List<SortKey>> instances, Window window, long total, long offset) {
    List<WindowedPage.Share> shares = new ArrayList<>();
    for (int i = 0; i < instances.size(); i++) {
      List<SortKey> mine = instances.get(i);
      Window.Run run = window.runOf(mine.size(), 100);
      shares.add(share(i, mine, (int) run.from(), (int) run.from() + run.count()));
    }
    return WindowedPage.find(shares, ORDER, offset, (int) Math.min(101, total - offset)).map(WindowedPageTest::keys);
  }

  @Test
  void shouldFindThePageWhenEveryInstanceSentAllItsMatches() {
    List<List<SortKey>> instances = List.of(keys(0, 5_000), keys(5_000, 10_000));
    List<WindowedPage.Share> shares =
        List.of(share(0, instances.get(0), 0, 5_000), share(1, instances.get(1), 0, 5_000));

    assertThat(keys(WindowedPage.find(shares, ORDER, 4_990, 20).orElseThrow()))
        .isEqualTo(merged(instances).subList(4_990, 5_010));
  }

  /** Keys of leads 0..n, each on one of {@code instances}: by a hash, or in runs of the order. */
  private static List<List<SortKey>> spread(Random random, int instances, int n, boolean byHash) {
    List<List<SortKey>> spread = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      spread.add(new ArrayList<>());
    }
    int instance = 0;
    for (int lead = 0; lead < n; lead++) {
      SortKey key = new SortKey(BASE.plusSeconds(random.nextInt(n / 2 + 1)), String.format("lead_%06d", lead));
      if (byHash) {
        instance = random.nextInt(instances);
      } else if (random.nextInt(200) == 0) {
        instance = random.nextInt(instances);
      }
      spread.get(instance).add(key);
    }
    spread.forEach(keys -> keys.sort(ORDER));
    return spread;
  }

  private static List<SortKey> keys(int from, int to) {
    List<SortKey> keys = new ArrayList<>();
    for (int i = from; i < to; i++) {
      keys.add(new SortKey(BASE.plusSeconds(i), String.format("lead_%06d", i)));
    }
    return keys;
  }

  private static List<SortKey> merged(List<List<SortKey>> instances) {
    List<SortKey> all = new ArrayList<>();
    instances.forEach(all::addAll);
    all.sort(ORDER);
    return all;
  }

  private static WindowedPage.Share share(int instance, List<SortKey> mine, int from, int to) {
    return new WindowedPage.Share(
        new HostAddress("instance-" + instance, 8080),
        new PartialAnswer(mine.size(), List.copyOf(mine.subList(from, to)), Staleness.NONE, List.of(), from));
  }

  private static List<SortKey> keys(List<WindowedPage.Placed> page) {
    return page.stream().map(WindowedPage.Placed::key).toList();
  }
}
