package ai.buena.leads.runtime.generate;

import java.util.Arrays;
import java.util.List;

/** Items drawn with probability proportional to {@code 1 / rank^exponent} (rank 1 first). */
final class Zipf<T> {
  private final List<T> items;
  private final double[] cumulative;

  Zipf(List<T> items, double exponent) {
    if (items.isEmpty()) {
      throw new IllegalArgumentException("no items");
    }
    this.items = List.copyOf(items);
    this.cumulative = new double[items.size()];
    double sum = 0;
    for (int rank = 1; rank <= items.size(); rank++) {
      sum += 1 / Math.pow(rank, exponent);
      cumulative[rank - 1] = sum;
    }
    for (int i = 0; i < cumulative.length; i++) {
      cumulative[i] /= sum;
    }
  }

  T pick(SeededRandom random) {
    int at = Arrays.binarySearch(cumulative, random.nextDouble());
    int index = at >= 0 ? at : -at - 1;
    return items.get(Math.min(index, items.size() - 1));
  }

  /** The share of draws that give the item at {@code index}. */
  double share(int index) {
    return cumulative[index] - (index == 0 ? 0 : cumulative[index - 1]);
  }
}
