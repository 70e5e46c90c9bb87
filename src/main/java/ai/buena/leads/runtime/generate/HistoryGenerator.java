package ai.buena.leads.runtime.generate;

import ai.buena.leads.events.LeadEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Deterministic synthetic lead histories: the same (seed, workspace, start, delete ratio,
 * distribution, leads) always gives the same events, byte for byte. Each lead is generated on its own from the seed and
 * its index, so output streams in constant memory.
 */
public final class HistoryGenerator {
  public static final double DEFAULT_DELETE_RATIO = 0.02;

  private static final Pattern WORKSPACE_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");
  private static final int INTERLEAVING_BLOCK = 1_000;

  private final LeadHistoryFactory histories;

  public HistoryGenerator(long seed, String workspaceId, Instant start) {
    this(seed, workspaceId, start, DEFAULT_DELETE_RATIO);
  }

  public HistoryGenerator(long seed, String workspaceId, Instant start, double deleteRatio) {
    this(seed, workspaceId, start, deleteRatio, Distribution.UNIFORM);
  }

  public HistoryGenerator(long seed, String workspaceId, Instant start, Distribution distribution) {
    this(seed, workspaceId, start, DEFAULT_DELETE_RATIO, distribution);
  }

  public HistoryGenerator(
      long seed, String workspaceId, Instant start, double deleteRatio, Distribution distribution) {
    Objects.requireNonNull(distribution, "distribution");
    Objects.requireNonNull(workspaceId, "workspaceId");
    Objects.requireNonNull(start, "start");
    if (!WORKSPACE_ID.matcher(workspaceId).matches()) {
      throw new IllegalArgumentException("workspaceId must be 1..100 chars of [A-Za-z0-9_-]");
    }
    if (!(deleteRatio >= 0 && deleteRatio <= 1)) {
      throw new IllegalArgumentException("deleteRatio must be between 0 and 1");
    }
    this.histories =
        new LeadHistoryFactory(
            new SyntheticIds(seed, workspaceId),
            workspaceId,
            new Timeline(start.getEpochSecond()),
            deleteRatio,
            distribution.vocabulary());
  }

  /** The events of the lead at {@code index}, oldest first. */
  public List<LeadEvent> history(int index) {
    return histories.history(index);
  }

  /** Each lead's events together, lead after lead. Returns the number of events. */
  public long generateEvents(int leads, Consumer<LeadEvent> sink) {
    requireNonNegative(leads);
    long events = 0;
    for (int index = 0; index < leads; index++) {
      List<LeadEvent> history = histories.history(index);
      history.forEach(sink);
      events += history.size();
    }
    return events;
  }

  /**
   * The same events as {@link #generateEvents}, but within blocks of neighbouring leads merged by
   * {@code occurredAt}, as several producers would write them. Each lead's own order is kept.
   */
  public long generateInterleavedEvents(int leads, Consumer<LeadEvent> sink) {
    requireNonNegative(leads);
    long events = 0;
    List<LeadEvent> block = new ArrayList<>();
    for (int first = 0; first < leads; first += INTERLEAVING_BLOCK) {
      block.clear();
      int end = Math.min(leads, first + INTERLEAVING_BLOCK);
      for (int index = first; index < end; index++) {
        block.addAll(histories.history(index));
      }
      block.sort(Comparator.comparing(LeadEvent::occurredAt));
      block.forEach(sink);
      events += block.size();
    }
    return events;
  }

  /** {@link #generateEvents} as NDJSON lines (without line terminators). */
  public long generate(int leads, Consumer<String> ndjsonLineSink) {
    EventJsonLines lines = new EventJsonLines();
    return generateEvents(leads, event -> ndjsonLineSink.accept(lines.toLine(event)));
  }

  /** {@link #generateInterleavedEvents} as NDJSON lines (without line terminators). */
  public long generateInterleaved(int leads, Consumer<String> ndjsonLineSink) {
    EventJsonLines lines = new EventJsonLines();
    return generateInterleavedEvents(leads, event -> ndjsonLineSink.accept(lines.toLine(event)));
  }

  private static void requireNonNegative(int leads) {
    if (leads < 0) {
      throw new IllegalArgumentException("leads must be >= 0");
    }
  }
}
