package ai.buena.leads.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A deep page of an answer spread over several instances, from the runs of their matches each sent
 * for a {@link Window}: a run from position {@code from} of an instance's matches says exactly how
 * many of its matches come before any position between its first and its last (and before any
 * position at all when the run starts at 0 or reaches its last match). Where that holds for every
 * run, a position's place in the whole answer is the runs' starts added up plus its place among
 * the runs merged. The page is found when all of it lies there; otherwise the runs missed it.
 */
final class WindowedPage {
  private WindowedPage() {}

  /** A run an instance sent. */
  record Share(HostAddress host, PartialAnswer run) {}

  /** A position of the page and the instance that sent it. */
  record Placed(SortKey key, HostAddress host) {}

  /**
   * The {@code count} positions from {@code offset} of the answer, in {@code order}; empty when
   * the runs do not show them exactly.
   */
  static Optional<List<Placed>> find(
      List<Share> shares, Comparator<SortKey> order, long offset, int count) {
    long before = 0;
    SortKey low = null;
    SortKey high = null;
    List<Placed> merged = new ArrayList<>();
    for (Share share : shares) {
      PartialAnswer run = share.run();
      List<SortKey> keys = run.first();
      if (keys.isEmpty()) {
        if (run.total() > 0) {
          return Optional.empty();
        }
        continue;
      }
      before += run.from();
      SortKey first = keys.get(0);
      SortKey last = keys.get(keys.size() - 1);
      if (run.from() > 0 && (low == null || order.compare(first, low) > 0)) {
        low = first;
      }
      if (run.from() + keys.size() < run.total() && (high == null || order.compare(last, high) < 0)) {
        high = last;
      }
      for (SortKey key : keys) {
        merged.add(new Placed(key, share.host()));
      }
    }
    long start = offset - before;
    if (count == 0 || start < 0 || start + count > merged.size()) {
      return Optional.empty();
    }
    merged.sort((a, b) -> order.compare(a.key(), b.key()));
    List<Placed> page = merged.subList((int) start, (int) start + count);
    if (low != null && order.compare(page.get(0).key(), low) < 0) {
      return Optional.empty();
    }
    if (high != null && order.compare(page.get(count - 1).key(), high) > 0) {
      return Optional.empty();
    }
    return Optional.of(List.copyOf(page));
  }
}
