package ai.buena.leads.query;

import ai.buena.leads.consistency.AppliedOffsets;
import ai.buena.leads.consistency.ConsistencyToken;
import ai.buena.leads.index.IndexedField;
import ai.buena.leads.index.LeadSummary;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionClosedException;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.index.RetiredCopy;
import ai.buena.leads.index.WorkBudget;
import ai.buena.leads.index.WorkspaceIndex;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.StoredLeads;
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
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.ToIntFunction;

/**
 * Answers from the partitions this instance holds as active tasks ({@link
 * LocalIndexes#active()}: standby indexes may lag, and are never read here), and only when it
 * holds all of them, one
 * partition at a time, each under the read lock of the workspace's index in that partition only
 * while it is read. So a query never holds up another workspace at all, and the projection's
 * writes to its own workspace for at most one partition's share of its (budgeted) work:
 *
 * <ol>
 *   <li>each partition counts its matches; when the page starts past their sum, the answer is an
 *       empty page with that exact total, and no match is collected; when it starts in the second
 *       half of the answer (no cursor), each partition gives its last matches, found from the end
 *       of its order, instead of the steps below;
 *   <li>each partition gives its first {@code offset + limit + 1} matches in answer order, from
 *       the moment of its count when it has not changed since (otherwise counted again);
 *   <li>these are merged in answer order, and the page's leads are read from the partitions'
 *       stores, each checked to be the very version the index placed on the page; a page whose
 *       lead changed meanwhile is computed again (at most {@link #ATTEMPTS} times, then 503).
 * </ol>
 *
 * <p>All the work of one request is charged to one {@link WorkBudget}; a query that needs more
 * answers {@link QueryTooExpensiveException}, never a partial page or total.
 */
public final class LocalLeadQueryService implements LeadQueryService {
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);
  /**
   * From this offset on, a page (no cursor) is found by position ({@link #deepPage}, {@link
   * FilteredDeepPage}) rather than by taking each partition's first {@code offset + limit + 1}
   * matches: over every request of {@code QueryShape.RANDOM_MIX} at 1,000,000 skewed leads, 250
   * gave a p50 of 0.21 ms and a p99 of 1.4 ms where 1,000 gave 0.33 and 2.2 (100: 0.21 and 1.5).
   */
  static final long DEEP_OFFSET = 250;

  /**
   * Work one request may do, in {@link WorkBudget} units: at most about 50 ms of one core on the
   * loaded machine of docs/benchmarks.md ({@code WorstRequestBench}), over ten times what the
   * benchmark's query shapes use at 1,000,000 leads.
   */
  public static final long DEFAULT_WORK_BUDGET = 250_000;
  /** How often a page is computed again when one of its leads changed while it was read. */
  static final int ATTEMPTS = 3;

  private final LocalIndexes indexes;
  private final int partitions;
  private final BooleanSupplier running;
  private final ToIntFunction<String> partitionOfLead;
  private final long workBudget;
  private final StandbyCopies standbys;
  private final AppliedEvents appliedEvents;

  public LocalLeadQueryService(
      LocalIndexes indexes, int partitions, BooleanSupplier running, ToIntFunction<String> partitionOfLead) {
    this(indexes, partitions, running, partitionOfLead, DEFAULT_WORK_BUDGET);
  }

  public LocalLeadQueryService(
      LocalIndexes indexes,
      int partitions,
      BooleanSupplier running,
      ToIntFunction<String> partitionOfLead,
      long workBudget) {
    this(indexes, partitions, running, partitionOfLead, workBudget, StandbyCopies.NONE);
  }

  /**
   * @param standbys this instance's standby copies, which answer for a partition whose active is
   *     not here when the caller allows it ({@link StandbyBound})
   */
  public LocalLeadQueryService(
      LocalIndexes indexes,
      int partitions,
      BooleanSupplier running,
      ToIntFunction<String> partitionOfLead,
      long workBudget,
      StandbyCopies standbys) {
    this(indexes, partitions, running, partitionOfLead, workBudget, standbys, AppliedEvents.NONE);
  }

  /** @param appliedEvents the de-duplication stores of this instance's active partitions */
  public LocalLeadQueryService(
      LocalIndexes indexes,
      int partitions,
      BooleanSupplier running,
      ToIntFunction<String> partitionOfLead,
      long workBudget,
      StandbyCopies standbys,
      AppliedEvents appliedEvents) {
    this.appliedEvents = appliedEvents;
    this.indexes = indexes;
    this.partitions = partitions;
    this.running = running;
    this.partitionOfLead = partitionOfLead;
    this.workBudget = workBudget;
    this.standbys = standbys;
  }

  @Override
  public LeadPage list(String workspaceId, LeadQuery q) {
    return list(workspaceId, q, new WorkBudget(workBudget));
  }

  /** Waits (bounded) here until this instance's projection processed the event {@code after} names. */
  @Override
  public LeadPage list(String workspaceId, LeadQuery q, ConsistencyToken after) {
    if (after != null) {
      awaitApplied(after);
    }
    return list(workspaceId, q);
  }

  /**
   * Waits until this instance has processed the event {@code after} names, at most {@link
   * AppliedOffsets#bound()}; throws {@link UnavailableException} when it has not by then.
   */
  public void awaitApplied(ConsistencyToken after) {
    AppliedEventWait.await(indexes.appliedOffsets(), after);
  }

  /** The partition that holds {@code leadId}. */
  /** How many partitions {@code lead-events} has. */
  public int partitions() {
    return partitions;
  }

  public int partitionOf(String leadId) {
    return partitionOfLead.applyAsInt(leadId);
  }

  /** {@link #list(String, LeadQuery)} charging {@code budget}, which tells what the query spent. */
  public LeadPage list(String workspaceId, LeadQuery q, WorkBudget budget) {
    try {
      for (int attempt = 1; ; attempt++) {
        Optional<LeadPage> page = listOnce(workspaceId, q, budget);
        if (page.isPresent()) {
          return page.get();
        }
        if (attempt == ATTEMPTS) {
          throw unavailable("the page's leads changed while it was read, " + ATTEMPTS + " times");
        }
      }
    } catch (WorkBudget.Exhausted e) {
      throw new QueryTooExpensiveException(e.getMessage());
    } catch (PartitionClosedException e) {
      throw unavailable(e.getMessage());
    }
  }

  /** The page, or empty when one of its leads changed between finding and reading it. */
  private Optional<LeadPage> listOnce(String workspaceId, LeadQuery q, WorkBudget budget) {
    List<PartitionIndex> held = allPartitions();
    long offset = (long) (q.page() - 1) * q.limit();
    if (offset >= DEEP_OFFSET && unfiltered(q)) {
      return deepPage(held, workspaceId, q, offset, budget);
    }
    long[] versions = new long[held.size()];
    List<PartitionPlanner.Matched> counted = new ArrayList<>(held.size());
    long total = count(held, workspaceId, q, budget, versions, counted);
    if (offset >= total) {
      return Optional.of(LeadPage.of(q, List.of(), total));
    }
    if (q.after() == null && offset >= DEEP_OFFSET) {
      return filteredDeepPage(
          new FilteredDeepPage.Request(held, workspaceId, q, offset, versions, counted), budget);
    }
    if (q.after() == null && offset > total - offset) {
      Optional<List<Ranked>> tail = lastMatches(held, workspaceId, q, total - offset, budget, versions, counted);
      if (tail.isPresent()) {
        long found = tail.get().stream().mapToLong(ranked -> ranked.first().size()).sum();
        budget.spend(found);
        long whole = total;
        List<Placed> page = merged(tail.get(), q, found - (total - offset), q.limit() + 1);
        return read(workspaceId, page).map(leads -> pageOf(q, leads, whole, page));
      }
    }
    int k = (int) Math.min(offset + q.limit() + 1, Integer.MAX_VALUE);
    Planned planned = firstMatches(held, workspaceId, q, k, budget, versions, counted);
    if (offset >= planned.total()) {
      return Optional.of(LeadPage.of(q, List.of(), planned.total()));
    }
    budget.spend(offset);
    List<Placed> page = merged(planned.partials(), q, offset, q.limit() + 1);
    return read(workspaceId, page).map(leads -> pageOf(q, leads, planned.total(), page));
  }

  /**
   * The matches of {@code q} in each of {@code held}, each partition under its lock in turn, added
   * to {@code counted}, with the version each was counted at in {@code versions}; their total.
   */
  private static long count(
      List<PartitionIndex> held,
      String workspaceId,
      LeadQuery q,
      WorkBudget budget,
      long[] versions,
      List<PartitionPlanner.Matched> counted) {
    long total = 0;
    for (int i = 0; i < held.size(); i++) {
      int at = i;
      PartitionPlanner.Matched matched =
          held.get(i)
              .read(
                  workspaceId,
                  view -> {
                    versions[at] = view.version();
                    return PartitionPlanner.match(view.workspace(), q, budget);
                  });
      counted.add(matched);
      total += matched.total();
    }
    return total;
  }

  /**
   * Each partition's total and first {@code k} matches, each partition under its lock in turn; a
   * partition's earlier count is used when its version is still {@code versions[i]}. Once the
   * partitions read so far gave {@code k} matches, a partition's walk stops after the {@code k}-th
   * of them in answer order ({@link KthSoFar}): no match after it can be on the page.
   */
  private static Planned firstMatches(
      List<PartitionIndex> held,
      String workspaceId,
      LeadQuery q,
      int k,
      WorkBudget budget,
      long[] versions,
      List<PartitionPlanner.Matched> counted) {
    long total = 0;
    List<Ranked> partials = new ArrayList<>(held.size());
    KthSoFar kth =
        new KthSoFar(q.sortBy().field().inAnswerOrder(q.sortOrder() == SortOrder.ASC), k);
    for (int i = 0; i < held.size(); i++) {
      PartitionIndex partition = held.get(i);
      int at = i;
      LeadSummary bound = kth.value();
      Counted partial =
          partition.read(
              workspaceId,
              view -> {
                WorkspaceIndex workspace = view.workspace();
                PartitionPlanner.Matched matched =
                    versions != null && view.version() == versions[at]
                        ? counted.get(at)
                        : PartitionPlanner.match(workspace, q, budget);
                return new Counted(
                    matched.total(),
                    PartitionPlanner.first(workspace, q, matched, k, budget, bound),
                    view.version());
              });
      total += partial.total();
      partials.add(new Ranked(partition, partial.first(), partial.version()));
      kth.addAll(partial.first());
    }
    return new Planned(total, partials);
  }

  private record Counted(long total, List<LeadSummary> first, long version) {}

  /**
   * Each partition's last {@code remaining} matches (the answer's last {@code remaining} are among
   * them), from the moment of its count; empty when a partition changed since it was counted (then
   * the page is found from the start instead).
   */
  private static Optional<List<Ranked>> lastMatches(
      List<PartitionIndex> held,
      String workspaceId,
      LeadQuery q,
      long remaining,
      WorkBudget budget,
      long[] versions,
      List<PartitionPlanner.Matched> counted) {
    int r = (int) Math.min(remaining, Integer.MAX_VALUE);
    List<Ranked> partials = new ArrayList<>(held.size());
    for (int i = 0; i < held.size(); i++) {
      int at = i;
      List<LeadSummary> last =
          held.get(i)
              .read(
                  workspaceId,
                  view ->
                      view.version() != versions[at]
                          ? null
                          : PartitionPlanner.last(view.workspace(), q, counted.get(at), r, budget));
      if (last == null) {
        return Optional.empty();
      }
      partials.add(new Ranked(held.get(i), last, versions[i]));
    }
    return Optional.of(partials);
  }

  /** Whether every lead of the workspace matches: the orders' positions are the answer's. */
  private static boolean unfiltered(LeadQuery q) {
    return q.after() == null && q.status() == null && PartitionPlanner.criteria(q).statusAtMost();
  }

  /**
   * A page far from the start of an unfiltered answer: where it starts in each partition's order
   * is selected by position ({@link OffsetSelection}), then only the page is merged and read.
   */
  private static Optional<LeadPage> deepPage(
      List<PartitionIndex> held, String workspaceId, LeadQuery q, long offset, WorkBudget budget) {
    Run selected =
        selectUnfiltered(
            held, workspaceId, q, total -> new Window.Run(offset, q.limit() + 1), budget);
    long total = selected.total();
    if (offset >= total) {
      return Optional.of(LeadPage.of(q, List.of(), total));
    }
    List<Placed> page = merged(selected.partials(), q, 0, q.limit() + 1);
    return read(workspaceId, page).map(leads -> pageOf(q, leads, total, page));
  }

  /**
   * The run of an unfiltered answer over {@code held} that {@code runOf} gives for the answer's
   * total, by partition (its {@code count} leads from position {@code from}): where it starts in each partition's order
   * is selected by position ({@link OffsetSelection}, which compares across partitions, so all their
   * locks are held for it: a bounded cost), charged a unit per lead of the run before it is taken.
   * No partials when the run starts past the total.
   */
  private static Run selectUnfiltered(
      List<PartitionIndex> held,
      String workspaceId,
      LeadQuery q,
      LongFunction<Window.Run> runOf,
      WorkBudget budget) {
    IndexedField field = q.sortBy().field();
    boolean ascending = q.sortOrder() == SortOrder.ASC;
    return PartitionIndex.readTogether(
        held,
        workspaceId,
        views -> {
          List<PartitionIndex> withLeads = new ArrayList<>();
          List<Long> withLeadsVersions = new ArrayList<>();
          List<WorkspaceIndex.AnswerOrder> orders = new ArrayList<>();
          long total = 0;
          for (int i = 0; i < held.size(); i++) {
            WorkspaceIndex workspace = views.get(i).workspace();
            if (workspace != null) {
              withLeads.add(held.get(i));
              withLeadsVersions.add(views.get(i).version());
              orders.add(workspace.order(field, ascending));
              total += workspace.size();
            }
          }
          Window.Run run = runOf.apply(total);
          List<Ranked> partials = new ArrayList<>(orders.size());
          if (run.from() >= total) {
            return new Run(total, total, partials, 0, 0);
          }
          budget.spend(run.count());
          int[] starts = OffsetSelection.startsAt(orders, run.from());
          List<List<LeadSummary>> taken =
              run.count() > Window.LONG_RUN
                  ? slices(orders, starts, OffsetSelection.startsAt(orders, run.from() + run.count()))
                  : runFrom(orders, starts, run.count(), q);
          for (int i = 0; i < orders.size(); i++) {
            partials.add(new Ranked(withLeads.get(i), taken.get(i), withLeadsVersions.get(i)));
          }
          return new Run(total, run.from(), partials, 0, run.count());
        });
  }

  /**
   * Each order's leads from position {@code starts[i]} to {@code ends[i]} (exclusive): copied
   * without comparing leads across orders.
   */
  private static List<List<LeadSummary>> slices(
      List<WorkspaceIndex.AnswerOrder> orders, int[] starts, int[] ends) {
    List<List<LeadSummary>> slices = new ArrayList<>(orders.size());
    for (int i = 0; i < orders.size(); i++) {
      List<LeadSummary> slice = new ArrayList<>(ends[i] - starts[i]);
      Iterator<LeadSummary> leads = orders.get(i).from(starts[i]);
      for (int position = starts[i]; position < ends[i]; position++) {
        slice.add(leads.next());
      }
      slices.add(slice);
    }
    return slices;
  }

  /**
   * The first {@code count} leads of the orders merged, each order from its start: per order, the
   * ones it gives (a lazy merge, so no order is walked past what the run takes from it).
   */
  private static List<List<LeadSummary>> runFrom(
      List<WorkspaceIndex.AnswerOrder> orders, int[] starts, int count, LeadQuery q) {
    Comparator<LeadSummary> order = q.sortBy().field().inAnswerOrder(q.sortOrder() == SortOrder.ASC);
    record Head(int order, LeadSummary lead, Iterator<LeadSummary> rest) {}
    PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> order.compare(a.lead(), b.lead()));
    List<List<LeadSummary>> taken = new ArrayList<>(orders.size());
    for (int i = 0; i < orders.size(); i++) {
      taken.add(new ArrayList<>());
      Iterator<LeadSummary> it = orders.get(i).from(starts[i]);
      if (it.hasNext()) {
        heads.add(new Head(i, it.next(), it));
      }
    }
    for (int n = 0; n < count && !heads.isEmpty(); n++) {
      Head head = heads.poll();
      taken.get(head.order()).add(head.lead());
      if (head.rest().hasNext()) {
        heads.add(new Head(head.order(), head.rest().next(), head.rest()));
      }
    }
    return taken;
  }

  /**
   * A filtered page far from the start ({@link FilteredDeepPage}): the partitions' matches by
   * position in their orders, the page's start selected across them by rank, then only the page
   * merged and read.
   */
  private static Optional<LeadPage> filteredDeepPage(FilteredDeepPage.Request asked, WorkBudget budget) {
    FilteredDeepPage.Found found = FilteredDeepPage.find(asked, budget);
    LeadQuery q = asked.q();
    if (found.slices().isEmpty()) {
      return Optional.of(LeadPage.of(q, List.of(), found.total()));
    }
    long total = found.total();
    List<Placed> page = merged(ranked(asked.held(), found), q, found.skip(), found.count());
    return read(asked.workspaceId(), page).map(leads -> pageOf(q, leads, total, page));
  }

  /**
   * This instance's share of an answer over {@code partitions}: their total and the positions of
   * their first {@code offset + limit + 1} matches in answer order, read under the partitions'
   * locks, without reading a single lead.
   */
  public PartialAnswer partial(String workspaceId, LeadQuery q, Set<Integer> partitions) {
    return partial(workspaceId, q, partitions, StandbyBound.OFF);
  }

  /**
   * {@link #partial(String, LeadQuery, Set, StandbyBound)}, after waiting for {@code after}'s event
   * when its partition is among them (null: at once).
   */
  public PartialAnswer partial(
      String workspaceId,
      LeadQuery q,
      Set<Integer> partitions,
      StandbyBound bound,
      ConsistencyToken after) {
    return partial(workspaceId, q, partitions, bound, after, false);
  }

  /**
   * {@link #partial(String, LeadQuery, Set, StandbyBound, ConsistencyToken)}; with {@code
   * withLeads}, also the stored JSON of the leads at the positions ({@link PartialAnswer#leads}).
   */
  public PartialAnswer partial(
      String workspaceId,
      LeadQuery q,
      Set<Integer> partitions,
      StandbyBound bound,
      ConsistencyToken after,
      boolean withLeads) {
    return partial(workspaceId, q, partitions, bound, after, withLeads, null);
  }

  /**
   * {@link #partial(String, LeadQuery, Set, StandbyBound, ConsistencyToken, boolean)}; with a
   * {@code window} (null: none), the run of matches it asks for instead of the first ones, without
   * leads.
   */
  public PartialAnswer partial(
      String workspaceId,
      LeadQuery q,
      Set<Integer> partitions,
      StandbyBound bound,
      ConsistencyToken after,
      boolean withLeads,
      Window window) {
    if (after != null && partitions.contains(after.partition())) {
      awaitApplied(after);
    }
    if (window != null) {
      return windowed(workspaceId, q, partitions, bound, window);
    }
    return partial(workspaceId, q, partitions, bound, withLeads);
  }

  /** {@link #partial(String, LeadQuery, Set, StandbyBound, boolean)} for a {@link Window}. */
  private PartialAnswer windowed(
      String workspaceId, LeadQuery q, Set<Integer> partitions, StandbyBound bound, Window window) {
    return fromHeld(partitions, bound, held -> runOf(workspaceId, q, held, window));
  }

  /**
   * The run of {@code held}'s matches that {@code window} asks for, found by position as a deep
   * page is ({@link OffsetSelection}, {@link FilteredDeepPage}), not by walking past the matches
   * before it. Charged a unit per position sent besides the selection's own cost.
   */
  private PartialAnswer runOf(String workspaceId, LeadQuery q, Held held, Window window) {
    WorkBudget budget = new WorkBudget(workBudget);
    try {
      Run run =
          unfiltered(q)
              ? selectUnfiltered(
                  held.indexes(), workspaceId, q, total -> window.runOf(total, q.limit()), budget)
              : filteredRun(held.indexes(), workspaceId, q, window, budget);
      // the run's leads were charged as they were taken; this is for their keys sent
      budget.spend(run.count());
      List<Placed> placed = merged(run.partials(), q, run.skip(), run.count());
      return new PartialAnswer(run.total(), keysOf(placed, q), held.staleness(), List.of(), run.from());
    } catch (WorkBudget.Exhausted e) {
      throw new QueryTooExpensiveException(e.getMessage());
    }
  }

  /**
   * A run of matches: {@code count} of them after the first {@code skip} of {@code partials} merged,
   * from position {@code from} of all {@code total}.
   */
  private record Run(long total, long from, List<Ranked> partials, long skip, int count) {}

  private static Run filteredRun(
      List<PartitionIndex> held, String workspaceId, LeadQuery q, Window window, WorkBudget budget) {
    long[] versions = new long[held.size()];
    List<PartitionPlanner.Matched> counted = new ArrayList<>(held.size());
    long total = count(held, workspaceId, q, budget, versions, counted);
    Window.Run wanted = window.runOf(total, q.limit());
    if (wanted.count() == 0) {
      return new Run(total, 0, List.of(), 0, 0);
    }
    FilteredDeepPage.Found found =
        FilteredDeepPage.find(
            new FilteredDeepPage.Request(
                held, workspaceId, q, wanted.from(), versions, counted, wanted.count()),
            budget);
    if (found.slices().isEmpty()) {
      // fewer matches than when counted, none from the run's start on
      return new Run(found.total(), found.total(), List.of(), 0, 0);
    }
    return new Run(found.total(), wanted.from(), ranked(held, found), found.skip(), found.count());
  }

  /** The slices {@code found} in {@code held}, each with its partition. */
  private static List<Ranked> ranked(List<PartitionIndex> held, FilteredDeepPage.Found found) {
    List<Ranked> ranked = new ArrayList<>(held.size());
    for (int i = 0; i < held.size(); i++) {
      FilteredDeepPage.Slice slice = found.slices().get(i);
      ranked.add(new Ranked(held.get(i), slice.leads(), slice.version()));
    }
    return ranked;
  }

  /**
   * {@link #partial(String, LeadQuery, Set)}, where a partition whose active is not here (or
   * closes while it is read) is read from this instance's standby copy, or else from the copy it
   * kept when the partition's task left it (retired), when {@code bound} admits its lag; the
   * answer says how stale it may be.
   */
  public PartialAnswer partial(
      String workspaceId, LeadQuery q, Set<Integer> partitions, StandbyBound bound) {
    return partial(workspaceId, q, partitions, bound, false);
  }

  private PartialAnswer partial(
      String workspaceId,
      LeadQuery q,
      Set<Integer> partitions,
      StandbyBound bound,
      boolean withLeads) {
    return fromHeld(
        partitions,
        bound,
        held -> partialOf(workspaceId, q, held.indexes(), held.staleness(), withLeads));
  }

  /** {@code read} of the copies held for {@code partitions}, chosen again once if one closes under it. */
  private PartialAnswer fromHeld(
      Set<Integer> partitions, StandbyBound bound, Function<Held, PartialAnswer> read) {
    try {
      return read.apply(held(partitions, bound));
    } catch (PartitionClosedException e) {
      if (!bound.enabled()) {
        throw unavailable(e.getMessage());
      }
    }
    // an active closed under the read: its task moved, so choose again (its standby copy, if any)
    try {
      return read.apply(held(partitions, bound));
    } catch (PartitionClosedException e) {
      throw unavailable(e.getMessage());
    }
  }

  private PartialAnswer partialOf(
      String workspaceId,
      LeadQuery q,
      List<PartitionIndex> held,
      Staleness staleness,
      boolean withLeads) {
    long offset = (long) (q.page() - 1) * q.limit();
    int k = (int) Math.min(offset + q.limit() + 1, Integer.MAX_VALUE);
    Planned planned;
    try {
      planned = firstMatches(held, workspaceId, q, k, new WorkBudget(workBudget), null, null);
    } catch (WorkBudget.Exhausted e) {
      throw new QueryTooExpensiveException(e.getMessage());
    }
    List<Placed> placed = merged(planned.partials(), q, 0, k);
    List<SortKey> first = keysOf(placed, q);
    // a partition that changed since its positions were found gives none: the asking instance
    // then reads the page's leads in a second call, as it does from an instance not asked for them
    List<byte[]> leads =
        withLeads
            ? storedJson(workspaceId, placed).map(java.util.Arrays::asList).orElse(List.of())
            : List.of();
    return new PartialAnswer(planned.total(), first, staleness, leads);
  }

  /** The answer-order positions (sort value and id) of {@code placed}. */
  private static List<SortKey> keysOf(List<Placed> placed, LeadQuery q) {
    IndexedField field = q.sortBy().field();
    List<SortKey> keys = new ArrayList<>(placed.size());
    for (Placed lead : placed) {
      keys.add(new SortKey(lead.lead().value(field), lead.lead().id()));
    }
    return keys;
  }

  /** The leads of this workspace among {@code leadIds}, from the partitions this instance holds. */
  public Map<String, Lead> leads(String workspaceId, List<String> leadIds) {
    return leads(workspaceId, leadIds, StandbyBound.OFF).value();
  }

  /**
   * {@link #leads(String, List)}, reading a partition whose active is not here from this
   * instance's standby copy when {@code bound} admits its lag.
   */
  public Answered<Map<String, Lead>> leads(
      String workspaceId, List<String> leadIds, StandbyBound bound) {
    requireRunning();
    Map<String, Lead> found = new java.util.HashMap<>();
    Map<Integer, Staleness> stalePartitions = new TreeMap<>();
    for (String leadId : leadIds) {
      Answered<Optional<Lead>> lead = leadOf(workspaceId, leadId, bound);
      lead.value().ifPresent(l -> found.put(leadId, l));
      if (lead.staleness().stale()) {
        stalePartitions.put(partitionOfLead.applyAsInt(leadId), lead.staleness());
      }
    }
    Staleness staleness =
        stalePartitions.values().stream().reduce(Staleness.NONE, Staleness::and);
    return new Answered<>(found, staleness);
  }

  /**
   * The lead from its partition's active here or, when that is missing or closes under the read
   * and {@code bound} admits it, from this instance's standby copy.
   */
  private Answered<Optional<Lead>> leadOf(String workspaceId, String leadId, StandbyBound bound) {
    int partition = partitionOfLead.applyAsInt(leadId);
    Optional<PartitionIndex> active = indexes.activePartition(partition);
    if (active.isPresent()) {
      try {
        return Answered.fresh(inWorkspace(active.get().lead(leadId), workspaceId));
      } catch (PartitionClosedException e) {
        if (!bound.enabled()) {
          throw unavailable(e.getMessage());
        }
      }
    }
    if (indexes.partition(partition).isPresent() || retiredCopy(partition, bound).isPresent()) {
      try {
        return leadOfStaleCopy(partition, workspaceId, leadId, bound);
      } catch (PartitionClosedException e) {
        // its task closed under the read: choose again (the copy it left here, if any)
        try {
          return leadOfStaleCopy(partition, workspaceId, leadId, bound);
        } catch (PartitionClosedException again) {
          throw unavailable(again.getMessage());
        }
      }
    }
    // a standby task without an index here yet: its store, if Kafka Streams lets it be read
    long behind;
    try {
      behind = standbyLag(partition, bound);
    } catch (UnavailableException refused) {
      PartitionIndex promoted = promotedSince(partition).orElseThrow(() -> refused);
      return Answered.fresh(inWorkspace(promoted.lead(leadId), workspaceId));
    }
    Optional<Lead> lead = standbys.lead(partition, leadId);
    return new Answered<>(
        inWorkspace(lead.orElse(null), workspaceId), Staleness.ofStandby(partition, behind));
  }

  private Answered<Optional<Lead>> leadOfStaleCopy(
      int partition, String workspaceId, String leadId, StandbyBound bound) {
    Copy copy = copyWithoutActive(partition, bound);
    return new Answered<>(inWorkspace(copy.index().lead(leadId), workspaceId), copy.staleness());
  }

  private static Optional<Lead> inWorkspace(Lead lead, String workspaceId) {
    return Optional.ofNullable(lead).filter(l -> l.workspaceId().equals(workspaceId));
  }

  /**
   * The copy this instance kept of the partition after its task left (when {@code bound} allows
   * stale answers). A standby copy here is read before it; the kept copy when that one is too far
   * behind.
   */
  private Optional<RetiredCopy> retiredCopy(int partition, StandbyBound bound) {
    if (!bound.enabled()) {
      return Optional.empty();
    }
    return indexes.retiredPartition(partition);
  }

  /**
   * How far behind {@code copy} is now, when {@code bound} admits it; otherwise the partition
   * cannot be answered from it.
   */
  private long retiredLag(RetiredCopy copy, StandbyBound bound) {
    java.util.OptionalLong behind = standbys.recordsBehind(copy);
    if (behind.isEmpty()) {
      throw unavailable(
          "the retired copy of partition " + copy.partition() + " cannot tell how far behind it is");
    }
    if (!bound.admits(behind.getAsLong())) {
      throw unavailable(
          "the retired copy of partition " + copy.partition() + " is " + behind.getAsLong()
              + " records behind, more than the " + bound.maxRecords() + " allowed");
    }
    return behind.getAsLong();
  }

  /**
   * How far behind this instance's standby copy of the partition is, when {@code bound} admits it;
   * otherwise the partition cannot be answered here.
   */
  private long standbyLag(int partition, StandbyBound bound) {
    if (!bound.enabled()) {
      throw unavailable("partition " + partition + " is not available here");
    }
    java.util.OptionalLong behind = standbys.recordsBehind(partition);
    if (behind.isEmpty()) {
      throw unavailable(
          indexes.standbyPartition(partition).isPresent()
              ? "the standby copy of partition " + partition + " cannot tell how far behind it is"
              : "partition " + partition + " has neither its active nor a standby copy here");
    }
    if (!bound.admits(behind.getAsLong())) {
      throw unavailable(
          "the standby copy of partition " + partition + " is " + behind.getAsLong()
              + " records behind, more than the " + bound.maxRecords() + " allowed");
    }
    return behind.getAsLong();
  }

  /** The indexes to read {@code partitions} from: actives, or standby copies {@code bound} admits. */
  private Held held(Set<Integer> partitions, StandbyBound bound) {
    requireRunning();
    List<PartitionIndex> held = new ArrayList<>();
    Staleness staleness = Staleness.NONE;
    for (int partition : new TreeSet<>(partitions)) {
      Optional<PartitionIndex> active = indexes.activePartition(partition);
      if (active.isPresent()) {
        held.add(active.get());
        continue;
      }
      Copy copy = copyWithoutActive(partition, bound);
      held.add(copy.index());
      staleness = staleness.and(copy.staleness());
    }
    return new Held(held, staleness);
  }

  /**
   * The copy to read a partition from when its active was not here: its {@link #staleCopy} or,
   * when that is refused, the active the partition's task became meanwhile, if it did.
   */
  private Copy copyWithoutActive(int partition, StandbyBound bound) {
    try {
      return staleCopy(partition, bound);
    } catch (UnavailableException refused) {
      return new Copy(promotedSince(partition).orElseThrow(() -> refused), Staleness.NONE);
    }
  }

  /**
   * The partition's active here when its task became active while its copy was looked at (a
   * standby promoted in a rebalance): what refused the copy, its lag unknown or its index gone from
   * the standbys, no longer applies.
   */
  private Optional<PartitionIndex> promotedSince(int partition) {
    return indexes.activePartition(partition);
  }

  /** An index to read a partition from, and how stale its answers may be. */
  private record Copy(PartitionIndex index, Staleness staleness) {}

  private static Copy stale(int partition, PartitionIndex index, long behind) {
    return new Copy(index, Staleness.ofStandby(partition, behind));
  }

  private record Held(List<PartitionIndex> indexes, Staleness staleness) {}

  /**
   * The partition's standby copy here when {@code bound} admits its lag, else the copy this
   * instance kept of it when {@code bound} admits that one's; otherwise unavailable, for the
   * standby copy's reason when there is one.
   */
  private Copy staleCopy(int partition, StandbyBound bound) {
    Optional<RetiredCopy> retired = retiredCopy(partition, bound);
    if (bound.enabled() && indexes.partition(partition).isEmpty()) {
      if (retired.isPresent()) {
        return stale(partition, retired.get().index(), retiredLag(retired.get(), bound));
      }
      // neither copy here: nothing to measure
      throw unavailable("partition " + partition + " has neither its active nor a standby copy here");
    }
    try {
      long behind = standbyLag(partition, bound);
      // the task's index, standby or (promoted since the check above) active
      PartitionIndex index =
          indexes
              .partition(partition)
              .orElseThrow(
                  () -> unavailable("the standby copy of partition " + partition + " has no index here"));
      return stale(partition, index, behind);
    } catch (UnavailableException refused) {
      if (retired.isEmpty()) {
        throw refused;
      }
      try {
        // the standby copy here is too far behind (restoring from scratch, say): the copy kept may not be
        return stale(partition, retired.get().index(), retiredLag(retired.get(), bound));
      } catch (UnavailableException alsoRefused) {
        throw refused;
      }
    }
  }

  /** Whether this instance holds every partition (then it answers alone, without merging). */
  public boolean holdsAll() {
    return indexes.active().size() >= partitions;
  }

  /**
   * Waits for {@code after}'s event only when it is of the lead's partition: an event of another
   * partition cannot have changed this lead (the write API keys events by leadId).
   */
  @Override
  public Optional<Lead> get(String workspaceId, String leadId, ConsistencyToken after) {
    if (after != null && after.partition() == partitionOf(leadId)) {
      awaitApplied(after);
    }
    return get(workspaceId, leadId);
  }

  @Override
  public Optional<Lead> get(String workspaceId, String leadId) {
    return find(workspaceId, leadId, StandbyBound.OFF).value();
  }

  /**
   * The lead, from its partition's active here or, when {@code bound} admits it, from this
   * instance's standby copy of the partition; says how stale the answer may be.
   */
  public Answered<Optional<Lead>> find(
      String workspaceId, String leadId, StandbyBound bound, ConsistencyToken after) {
    if (after != null && after.partition() == partitionOf(leadId)) {
      awaitApplied(after);
    }
    return find(workspaceId, leadId, bound);
  }

  public Answered<Optional<Lead>> find(String workspaceId, String leadId, StandbyBound bound) {
    requireRunning();
    return leadOf(workspaceId, leadId, bound);
  }

  /**
   * Whether this instance's active partition of the lead applied the event, once it processed the
   * event {@code after} names (when of that partition; a write's wait, {@link
   * AppliedOffsets#awaitForWrite}); 503 when the active is not here.
   */
  @Override
  public Optional<AppliedEvent> appliedEvent(
      String leadId, String eventId, ConsistencyToken after) {
    requireRunning();
    int partition = partitionOf(leadId);
    if (after != null && after.partition() == partition) {
      // only writes ask this: their waits are bounded by the writes in flight
      AppliedEventWait.await(indexes.appliedOffsets(), after, true);
    }
    if (indexes.activePartition(partition).isEmpty()) {
      throw unavailable("partition " + partition + " is not active here");
    }
    // a lead read just before may show a record's effect whose event id is recorded only after
    AppliedEventWait.awaitApplyEnded(indexes.appliedOffsets(), partition);
    return appliedEvents.find(partition, leadId, eventId);
  }

  private List<PartitionIndex> allPartitions() {
    requireRunning();
    Map<Integer, PartitionIndex> held = new TreeMap<>(indexes.active());
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

  /**
   * k-way merge of the partitions' first matches; skips {@code offset}, keeps the next {@code
   * count} with the partition each comes from.
   */
  private static List<Placed> merged(List<Ranked> partials, LeadQuery q, long offset, int count) {
    Comparator<LeadSummary> order =
        q.sortBy().field().inAnswerOrder(q.sortOrder() == SortOrder.ASC);
    PriorityQueue<Cursor> heads =
        new PriorityQueue<>((a, b) -> order.compare(a.current(), b.current()));
    for (Ranked ranked : partials) {
      if (!ranked.first().isEmpty()) {
        heads.add(new Cursor(ranked));
      }
    }
    List<Placed> page = new ArrayList<>(Math.min(count, 1024));
    long position = 0;
    while (!heads.isEmpty() && page.size() < count) {
      Cursor head = heads.poll();
      if (position++ >= offset) {
        page.add(new Placed(head.current(), head.ranked.partition(), head.ranked.version()));
      }
      if (head.advance()) {
        heads.add(head);
      }
    }
    return page;
  }

  /**
   * The leads of {@code page} from their partitions' stores (their stored JSON, not decoded), in
   * page order, each partition under its lock; empty when the index no longer holds one of them as it was placed (changed since).
   */
  private static Optional<List<Lead>> read(String workspaceId, List<Placed> page) {
    return storedJson(workspaceId, page).map(json -> new StoredLeads(workspaceId, json));
  }

  /**
   * The stored JSON of {@code page}'s leads, in page order, each partition under its lock; empty
   * when the index no longer holds one of them as it was placed (changed since). The leads read are
   * charged to the request's {@link LeadMemory.Hold} as they are read.
   */
  private static Optional<byte[][]> storedJson(String workspaceId, List<Placed> page) {
    LeadMemory.Meter memory = LeadMemory.current().meter();
    byte[][] json = new byte[page.size()][];
    Map<PartitionIndex, List<Integer>> byPartition = new java.util.LinkedHashMap<>();
    for (int i = 0; i < page.size(); i++) {
      byPartition.computeIfAbsent(page.get(i).partition(), p -> new ArrayList<>()).add(i);
    }
    for (Map.Entry<PartitionIndex, List<Integer>> partition : byPartition.entrySet()) {
      boolean asPlaced =
          partition
              .getKey()
              .read(
                  workspaceId,
                  view -> {
                    WorkspaceIndex workspace = view.workspace();
                    // an unchanged version holds every lead as placed: no lookup per lead
                    boolean unchanged =
                        workspace != null
                            && view.version() == page.get(partition.getValue().get(0)).version();
                    for (int i : partition.getValue()) {
                      LeadSummary placed = page.get(i).lead();
                      if (!unchanged && (workspace == null || !workspace.holdsAsIs(placed))) {
                        return false;
                      }
                      json[i] = view.storedJson(placed.id());
                      if (json[i] == null) {
                        throw new IllegalStateException("index and store disagree on lead " + placed.id());
                      }
                      memory.add(json[i].length);
                    }
                    return true;
                  });
      if (!asPlaced) {
        return Optional.empty();
      }
    }
    memory.flush();
    return Optional.of(json);
  }

  private record Placed(LeadSummary lead, PartitionIndex partition, long version) {}

  /** The page of {@code leads}, its next cursor taken from the index's summaries of {@code placed}. */
  private static LeadPage pageOf(LeadQuery q, List<Lead> leads, long total, List<Placed> placed) {
    IndexedField field = q.sortBy().field();
    return LeadPage.of(
        q, leads, total, at -> new SortKey(placed.get(at).lead().value(field), placed.get(at).lead().id()));
  }

  private static UnavailableException unavailable(String reason) {
    return new UnavailableException(reason, RETRY_AFTER);
  }

  private record Planned(long total, List<Ranked> partials) {}

  /** A partition's first (or last) matches, found when its workspace index had {@code version}. */
  private record Ranked(PartitionIndex partition, List<LeadSummary> first, long version) {}

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
