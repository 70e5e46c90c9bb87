package ai.buena.leads.bench;

import ai.buena.leads.runtime.generate.Distribution;
import ai.buena.leads.runtime.generate.HistoryGenerator;
import ai.buena.leads.testing.ReferenceProjection;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The generated events of {@link QueryBench}, written once as NDJSON: one large workspace and many
 * small ones, each from its own seed, all drawn from {@link #DISTRIBUTION} ({@code
 * -Dbench.distribution=uniform|skewed}, as {@code generate --distribution}). Knows how many leads the large one must hold afterwards
 * (created minus deleted, folded by {@link ReferenceProjection}).
 */
record BenchDataset(Path file, long events, long expectedLeads) {
  static final Instant END = Instant.parse("2026-01-01T00:00:00Z");
  static final Distribution DISTRIBUTION =
      Distribution.fromWire(System.getProperty("bench.distribution", "uniform"));

  /** The generator of one workspace of the benchmarks' data set. */
  static HistoryGenerator generator(long seed, String workspace) {
    return new HistoryGenerator(seed, workspace, END, DISTRIBUTION);
  }

  static BenchDataset write(
      Path file, String workspace, int leads, int smallWorkspaces, int smallLeads)
      throws IOException {
    ReferenceProjection reference = new ReferenceProjection();
    long events = 0;
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      events += append(out, reference, generator(42, workspace), leads);
      for (int i = 0; i < smallWorkspaces; i++) {
        String small = String.format("ws_small_%03d", i);
        events += append(out, null, generator(1_000 + i, small), smallLeads);
      }
    }
    return new BenchDataset(file, events, reference.leadsOf(workspace).size());
  }

  /** Writes the histories; folds them into {@code reference} when there is one. */
  private static long append(
      BufferedWriter out, ReferenceProjection reference, HistoryGenerator generator, int leads) {
    return generator.generate(
        leads,
        line -> {
          try {
            out.write(line);
            out.newLine();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          if (reference != null) {
            reference.apply(line);
          }
        });
  }
}
