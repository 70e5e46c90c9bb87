package ai.buena.leads.testing;

import ai.buena.leads.runtime.generate.HistoryGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The generated histories of {@code leads} leads of one workspace, as NDJSON events, and how many
 * leads the workspace holds once they are applied (created minus deleted, per events.md).
 */
public record GeneratedWorkspace(String workspace, List<String> events, long liveLeads) {
  private static final Instant END = Instant.parse("2026-01-01T00:00:00Z");

  public static GeneratedWorkspace generate(long seed, String workspace, int leads) {
    List<String> events = new ArrayList<>();
    new HistoryGenerator(seed, workspace, END).generate(leads, events::add);
    ReferenceProjection reference = new ReferenceProjection().apply(events);
    return new GeneratedWorkspace(workspace, List.copyOf(events), reference.leadsOf(workspace).size());
  }

  /** Publishes every event through the produce path; fails on any rejection. */
  public void publish(String bootstrapServers) {
    PublishedEvents.publishAll(bootstrapServers, events);
  }
}
