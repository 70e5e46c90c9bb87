package ai.buena.leads.bench;

import ai.buena.leads.runtime.generate.Distribution;
import ai.buena.leads.events.LeadEvent;
import ai.buena.leads.runtime.generate.EventJsonLines;
import ai.buena.leads.runtime.generate.HistoryGenerator;
import ai.buena.leads.testing.ReferenceProjection;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The generated events of {@link QueryBench}, written once as NDJSON: one large workspace and many
 * small ones, each from its own seed, all drawn from {@link #DISTRIBUTION} ({@code
 * -Dbench.distribution=uniform|skewed}, as {@code generate --distribution}). Knows how many leads the large one must hold afterwards
 * (created minus deleted, each lead's history folded by {@link ReferenceProjection}).
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
    long events = 0;
    long liveLeads = 0;
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      Appended large = append(out, workspace, generator(42, workspace), leads);
      events += large.events();
      liveLeads = large.liveLeads();
      for (int i = 0; i < smallWorkspaces; i++) {
        String small = String.format("ws_small_%03d", i);
        events += append(out, small, generator(1_000 + i, small), smallLeads).events();
      }
    }
    return new BenchDataset(file, events, liveLeads);
  }

  private record Appended(long events, long liveLeads) {}

  /**
   * Writes the histories, lead after lead, and folds each one on its own into a fresh {@link
   * ReferenceProjection}: a lead's events touch only that lead, so the leads left are counted
   * exactly in constant memory (10,000,000 leads would not fit one reference).
   */
  private static Appended append(
      BufferedWriter out, String workspace, HistoryGenerator generator, int leads) throws IOException {
    EventJsonLines json = new EventJsonLines();
    long events = 0;
    long live = 0;
    List<String> lines = new ArrayList<>();
    for (int index = 0; index < leads; index++) {
      lines.clear();
      for (LeadEvent event : generator.history(index)) {
        lines.add(json.toLine(event));
      }
      for (String line : lines) {
        out.write(line);
        out.newLine();
      }
      events += lines.size();
      live += new ReferenceProjection().apply(lines).leadsOf(workspace).size();
    }
    return new Appended(events, live);
  }
}
