package ai.buena.leads.bench;

import java.util.Arrays;
import java.util.List;

/** Per-request latencies of one measured run and its wall time. */
record Latencies(long[] nanos, long wallNanos) {

  static Latencies of(long[] nanos, long wallNanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new Latencies(sorted, wallNanos);
  }

  /** All requests of several runs as one, their wall times added (runs one after the other). */
  static Latencies concatenated(List<Latencies> runs) {
    long[] all = runs.stream().flatMapToLong(run -> Arrays.stream(run.nanos())).toArray();
    return of(all, runs.stream().mapToLong(Latencies::wallNanos).sum());
  }

  int count() {
    return nanos.length;
  }

  /** Nearest-rank percentile, in milliseconds. */
  double percentileMillis(double percentile) {
    int rank = (int) Math.ceil(percentile / 100.0 * nanos.length);
    return millis(nanos[Math.max(0, rank - 1)]);
  }

  double maxMillis() {
    return millis(nanos[nanos.length - 1]);
  }

  double requestsPerSecond() {
    return nanos.length / (wallNanos / 1e9);
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }
}
