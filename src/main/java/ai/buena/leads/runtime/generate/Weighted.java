package ai.buena.leads.runtime.generate;

import java.util.List;

/** A fixed discrete distribution: {@code items.get(i)} comes up with weight {@code weights[i]}. */
final class Weighted<T> {
  private final List<T> items;
  private final int[] cumulative;

  private Weighted(List<T> items, int[] weights) {
    if (items.size() != weights.length || items.isEmpty()) {
      throw new IllegalArgumentException("one positive weight per item is needed");
    }
    this.items = List.copyOf(items);
    this.cumulative = new int[weights.length];
    int sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      cumulative[i] = sum;
    }
  }

  static <T> Weighted<T> of(List<T> items, int... weights) {
    return new Weighted<>(items, weights);
  }

  T pick(SeededRandom random) {
    int ticket = random.nextInt(cumulative[cumulative.length - 1]);
    int i = 0;
    while (cumulative[i] <= ticket) {
      i++;
    }
    return items.get(i);
  }
}
