package ai.buena.leads.query;

import ai.buena.leads.index.IndexedField;
import ai.buena.leads.index.LeadSummary;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.index.WorkspaceIndex;
import ai.buena.leads.lead.Lead;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.ToIntFunction;

/**
 * Answers from the partitions this instance holds, and only when it holds all of them: each
 * partition gives its count and first matches under its read lock, the first matches are merged
 * in answer order, and the page's leads are read from the partitions' stores before the locks are
 * released, so the page and the total describe the same moment of every partition.
 */
public final class LocalLeadQueryService implements LeadQueryService {
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);
  /** From this offset on, an unfiltered page is found by position rather than by walking. */
  static final long DEEP_OFFSET = 1_000;

  private final LocalIndexes indexes;
  private final int partitions;
  private final BooleanSupplier running;
  private final ToIntFunction<String> partitionOfLead;

  public LocalLeadQueryService(
      LocalIndexes indexes, int partitions, BooleanSupplier running, ToIntFunction<String> partitionOfLead) {
    this.indexes = indexes;
    this.partitions = partitions;
    this.running = running;
    this.partitionOfLead = partitionOfLead;
  }

  @Override
  public LeadPage list(String workspaceId, LeadQuery q) {
    List<PartitionIndex> held = allPartitions();
    long offset = (long) (q.page() - 1) * q.limit();
    int k = (int) Math.min(offset + q.limit() + 1, Integer.MAX_VALUE);
    held.forEach(PartitionIndex::lockForRead);
    try {
      if (offset >= DEEP_OFFSET && unfiltered(q)) {
        return deepPage(held, workspaceId, q, offset);
      }
      Planned planned = plan(held, workspaceId, q, k);
      List<Lead> leads =
          offset >= planned.total() ? List.of() : merged(planned.partials(), q, offset, q.limit() + 1);
      return LeadPage.of(q, leads, planned.total());
    } finally {
      held.forEach(PartitionIndex::unlockRead);
    }
  }

  /** Whether every lead of the workspace matches: the orders' positions are the answer's. */
  private static boolean unfiltered(LeadQuery q) {
    return q.after() == null && q.status() == null && PartitionPlanner.criteria(q).statusAtMost();
  }

  /**
   * A page far from the start of an unfiltered answer: where it starts in each partition's order
   * is selected by position ({@link OffsetSelection}), then only the page is merged.
   */
  private static LeadPage deepPage(
      List<PartitionIndex> held, String workspaceId, LeadQuery q, long offset) {
    IndexedField field = SummaryOrder.field(q.sortBy());
    boolean ascending = q.sortOrder() == SortOrder.ASC;
    List<PartitionIndex> withLeads = new ArrayList<>();
    List<WorkspaceIndex.AnswerOrder> orders = new ArrayList<>();
    long total = 0;
    for (PartitionIndex partition : held) {
      WorkspaceIndex workspace = partition.view().workspace(workspaceId);
      if (workspace != null) {
        withLeads.add(partition);
        orders.add(workspace.order(field, ascending));
        total += workspace.size();
      }
    }
    int[] starts = OffsetSelection.startsAt(orders, offset);
    List<Ranked> partials = new ArrayList<>(orders.size());
    for (int i = 0; i < orders.size(); i++) {
      List<LeadSummary> next = new ArrayList<>(q.limit() + 1);
      for (Iterator<LeadSummary> it = orders.get(i).from(starts[i]);
          it.hasNext() && next.size() <= q.limit(); ) {
        next.add(it.next());
      }
      partials.add(new Ranked(withLeads.get(i), next));
    }
    List<Lead> leads = offset >= total ? List.of() : merged(partials, q, 0, q.limit() + 1);
    return LeadPage.of(q, leads, total);
  }

  /**
   * This instance's share of an answer over {@code partitions}: their total and the positions of
   * their first {@code offset + limit + 1} matches in answer order, read under the partitions'
   * locks, without reading a single lead.
   */
  public PartialAnswer partial(String workspaceId, LeadQuery q, Set<Integer> partitions) {
    List<PartitionIndex> held = held(partitions);
    long offset = (long) (q.page() - 1) * q.limit();
    int k = (int) Math.min(offset + q.limit() + 1, Integer.MAX_VALUE);
    held.forEach(PartitionIndex::lockForRead);
    try {
      Planned planned = plan(held, workspaceId, q, k);
      IndexedField field = SummaryOrder.field(q.sortBy());
      List<SortKey> first = new ArrayList<>();
      for (Ranked ranked : planned.partials()) {
        for (LeadSummary lead : ranked.first()) {
          first.add(new SortKey(lead.value(field), lead.id()));
        }
      }
      first.sort(LeadOrder.keyComparator(q.sortOrder()));
      return new PartialAnswer(planned.total(), first.size() > k ? first.subList(0, k) : first);
    } finally {
      held.forEach(PartitionIndex::unlockRead);
    }
  }

  /** The leads of this workspace among {@code leadIds}, from the partitions this instance holds. */
  public Map<String, Lead> leads(String workspaceId, List<String> leadIds) {
    requireRunning();
    Map<String, Lead> found = new java.util.HashMap<>();
    for (String leadId : leadIds) {
      int partition = partitionOfLead.applyAsInt(leadId);
      PartitionIndex index =
          indexes
              .partition(partition)
              .orElseThrow(() -> unavailable("partition " + partition + " is not available here"));
      index
          .read(view -> Optional.ofNullable(view.lead(leadId)))
          .filter(lead -> lead.workspaceId().equals(workspaceId))
          .ifPresent(lead -> found.put(leadId, lead));
    }
    return found;
  }

  private List<PartitionIndex> held(Set<Integer> partitions) {
    requireRunning();
    List<PartitionIndex> held = new ArrayList<>();
    for (int partition : new TreeSet<>(partitions)) {
      held.add(
          indexes
              .partition(partition)
              .orElseThrow(() -> unavailable("partition " + partition + " is not available here")));
    }
    return held;
  }

  /** Whether this instance holds every partition (then it answers alone, without merging). */
  public boolean holdsAll() {
    return indexes.all().size() >= partitions;
  }

  @Override
  public Optional<Lead> get(String workspaceId, String leadId) {
    requireRunning();
    int partition = partitionOfLead.applyAsInt(leadId);
    PartitionIndex index =
        indexes
            .partition(partition)
            .orElseThrow(() -> unavailable("partition " + partition + " is not available here"));
    return index.read(view -> Optional.ofNullable(view.lead(leadId)))
        .filter(lead -> lead.workspaceId().equals(workspaceId));
  }

  private List<PartitionIndex> allPartitions() {
    requireRunning();
    Map<Integer, PartitionIndex> held = new TreeMap<>(indexes.all());
    if (held.size() < partitions) {
      throw unavailable(held.size() + " of " + partitions + " partitions are available here");
    }
    return new ArrayList<>(held.values());
  }

  private void requireRunning() {
    if (!running.getAsBoolean()) {
      throw unavailable("the projection is not running");
    }
  }

  /** k-way merge of the partitions' first matches; skips {@code offset}, reads the next {@code count}. */
  private static List<Lead> merged(List<Ranked> partials, LeadQuery q, long offset, int count) {
    Comparator<LeadSummary> order = SummaryOrder.comparator(q.sortBy(), q.sortOrder());
    PriorityQueue<Cursor> heads =
        new PriorityQueue<>((a, b) -> order.compare(a.current(), b.current()));
    for (Ranked ranked : partials) {
      if (!ranked.first().isEmpty()) {
        heads.add(new Cursor(ranked));
      }
    }
    List<Lead> page = new ArrayList<>(Math.min(count, 1024));
    long position = 0;
    while (!heads.isEmpty() && page.size() < count) {
      Cursor head = heads.poll();
      if (position++ >= offset) {
        LeadSummary summary = head.current();
        Lead lead = head.ranked.partition().view().lead(summary.id());
        if (lead == null) {
          throw new IllegalStateException("index and store disagree on lead " + summary.id());
        }
        page.add(lead);
      }
      if (head.advance()) {
        heads.add(head);
      }
    }
    return page;
  }

  private static UnavailableException unavailable(String reason) {
    return new UnavailableException(reason, RETRY_AFTER);
  }

  /** Each held partition's total and first {@code k} matches; call under their read locks. */
  private static Planned plan(List<PartitionIndex> held, String workspaceId, LeadQuery q, int k) {
    long total = 0;
    List<Ranked> partials = new ArrayList<>(held.size());
    for (PartitionIndex partition : held) {
      PartialResult partial = PartitionPlanner.run(partition.view().workspace(workspaceId), q, k);
      total += partial.total();
      partials.add(new Ranked(partition, partial.first()));
    }
    return new Planned(total, partials);
  }

  private record Planned(long total, List<Ranked> partials) {}

  private record Ranked(PartitionIndex partition, List<LeadSummary> first) {}

  private static final class Cursor {
    private final Ranked ranked;
    private int index;

    Cursor(Ranked ranked) {
      this.ranked = ranked;
    }

    LeadSummary current() {
      return ranked.first().get(index);
    }

    boolean advance() {
      return ++index < ranked.first().size();
    }
  }
}
