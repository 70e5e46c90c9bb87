package ai.buena.leads.runtime.generate;

import java.util.List;

/**
 * SplitMix64: tiny, fast and specified here, so the same seed gives the same leads on every JDK.
 */
final class SeededRandom {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  SeededRandom(long seed) {
    this.state = seed;
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static long derive(long key, long index) {
    return mix(key + (index + 1) * GOLDEN_GAMMA);
  }

  long nextLong() {
    state += GOLDEN_GAMMA;
    return mix(state);
  }

  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  int nextInt(int bound) {
    return (int) nextLong(bound);
  }

  long nextLong(long bound) {
    return Math.floorMod(nextLong(), bound);
  }

  int between(int minInclusive, int maxInclusive) {
    return minInclusive + nextInt(maxInclusive - minInclusive + 1);
  }

  boolean chance(double probability) {
    return nextDouble() < probability;
  }

  <T> T pick(List<T> items) {
    return items.get(nextInt(items.size()));
  }

  <T> T pickOtherThan(List<T> items, T current) {
    T picked = pick(items);
    return picked.equals(current) ? items.get((items.indexOf(picked) + 1) % items.size()) : picked;
  }

  String digits(int count) {
    StringBuilder digits = new StringBuilder(count);
    for (int i = 0; i < count; i++) {
      digits.append((char) ('0' + nextInt(10)));
    }
    return digits.toString();
  }
}
