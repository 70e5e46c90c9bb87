package ai.buena.leads.query;

import ai.buena.leads.index.IndexedField;
import ai.buena.leads.index.LeadSummary;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.index.WalkSteps;
import ai.buena.leads.index.WorkBudget;
import ai.buena.leads.index.WorkspaceIndex;
import ai.buena.leads.index.WorkspaceIndex.AnswerOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;
import org.roaringbitmap.RoaringBitmap;

/**
 * A filtered page far from the start of its answer (no cursor), found without taking each
 * partition's first {@code offset + limit + 1} leads and merging past the offset:
 *
 * <ol>
 *   <li>each partition, under its own lock, gives the positions in its order of its first matches
 *       (a walk testing doc numbers against plain bits, reading no lead; {@link
 *       AnswerOrder#positionsOf}), or, when its matches are few, its matches collected and sorted;
 *   <li>under all the partitions' locks together, where the page starts in each is selected by
 *       rank across them ({@link OffsetSelection}), and only the page's leads are taken.
 * </ol>
 *
 * <p>When the page lies in the answer's second half, the same is done from the answer's end
 * backwards. Exact: the positions are the index's own, and the selection compares leads in answer
 * order with ties by id, as the reference does.
 */
final class FilteredDeepPage {
  /**
   * Positions a walk passes, and matches set in its plain bits, per work unit: a step reads an int
   * beside the order and a bit, not the lead (2-9 ns a step, 3-14 ns a bit, against 15-90 ns per
   * unit of the selection, at 100,000 leads on the loaded machine; a unit is meant to be about 200).
   */
  static final int SCAN_STEPS_PER_UNIT = 16;
  /** Positions per unit of a walk that searches the matches' bitmap at each step instead. */
  static final int SEARCH_STEPS_PER_UNIT = 8;
  /** Plain bits are set when the walk's estimate passes at least one position per this many matches. */
  private static final int MATCHES_PER_WALK_STEP = 8;

  private FilteredDeepPage() {}

  /**
   * The page's candidates: per partition (in the order of {@code held}) a slice in answer order,
   * from which the page is the {@code count} leads after the first {@code skip} in answer order;
   * {@code total} is the exact count the slices were found with.
   */
  record Found(long total, List<Slice> slices, long skip, int count) {}

  /** A partition's leads that may be on the page, in answer order, found at {@code version}. */
  record Slice(List<LeadSummary> leads, long version) {}

  /**
   * A page asked for: {@code count} matches of {@code q} in {@code workspaceId} from {@code
   * offset}, over the partitions {@code held}, whose matches were counted ({@code counted}, in the
   * order of {@code held}) at {@code versions}.
   */
  record Request(
      List<PartitionIndex> held,
      String workspaceId,
      LeadQuery q,
      long offset,
      long[] versions,
      List<PartitionPlanner.Matched> counted,
      int count) {

    /** The page of {@code q} at {@code offset}: its {@code limit} leads and one more. */
    Request(
        List<PartitionIndex> held,
        String workspaceId,
        LeadQuery q,
        long offset,
        long[] versions,
        List<PartitionPlanner.Matched> counted) {
      this(held, workspaceId, q, offset, versions, counted, q.limit() + 1);
    }
  }

  /**
   * The page {@code asked} for, from the partitions' counts (each partition counted again when it
   * changed since).
   */
  static Found find(Request asked, WorkBudget budget) {
    long total = asked.counted().stream().mapToLong(PartitionPlanner.Matched::total).sum();
    Plan plan = Plan.of(asked.count(), asked.offset(), total);
    // first each partition's share of the answer up to the page, as its count says, then (when the
    // matches turn out not spread so) its first `offset + count` of them (one more for a long run),
    // which always hold the page
    for (boolean estimated : new boolean[] {true, false}) {
      Found found = find(asked, plan, estimated, budget);
      if (found != null) {
        return found;
      }
    }
    throw new IllegalStateException("the page's leads are not among each partition's first matches");
  }

  /** The page from each partition's matches as far as {@code estimated} says; null if too short. */
  private static Found find(Request asked, Plan plan, boolean estimated, WorkBudget budget) {
    List<PartitionIndex> held = asked.held();
    LeadQuery q = asked.q();
    List<Prepared> prepared = new ArrayList<>(held.size());
    for (int i = 0; i < held.size(); i++) {
      long countedVersion = asked.versions()[i];
      PartitionPlanner.Matched counted = asked.counted().get(i);
      prepared.add(
          held.get(i)
              .read(
                  asked.workspaceId(),
                  view -> prepare(view, q, plan, estimated, countedVersion, counted, budget)));
    }
    return PartitionIndex.readTogether(
        held,
        asked.workspaceId(),
        views -> {
          if (!changedSince(views, prepared) && totalOf(prepared) == plan.total()) {
            return select(prepared, plan, budget);
          }
          // some partition changed since its walk, or since its count (its walk counted it again,
          // so the plan's total is not the walks'): all again under all the locks, each partition
          // to its first `offset + count` matches (no estimate to check)
          List<PartitionPlanner.Matched> recounted = new ArrayList<>(views.size());
          for (int i = 0; i < views.size(); i++) {
            recounted.add(
                views.get(i).version() == prepared.get(i).version()
                    ? prepared.get(i).matched()
                    : PartitionPlanner.match(views.get(i).workspace(), q, budget));
          }
          long total = recounted.stream().mapToLong(PartitionPlanner.Matched::total).sum();
          if (plan.answerOffset() >= total) {
            return new Found(total, List.of(), 0, 0);
          }
          Plan again = Plan.of(plan.asked(), plan.answerOffset(), total);
          List<Prepared> current = new ArrayList<>(views.size());
          for (int i = 0; i < views.size(); i++) {
            current.add(prepare(views.get(i), q, again, false, views.get(i).version(), recounted.get(i), budget));
          }
          return select(current, again, budget);
        });
  }

  private static long totalOf(List<Prepared> prepared) {
    return prepared.stream().mapToLong(p -> p.matched().total()).sum();
  }

  private static boolean changedSince(List<PartitionIndex.View> views, List<Prepared> prepared) {
    for (int i = 0; i < views.size(); i++) {
      if (views.get(i).version() != prepared.get(i).version()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Which positions of the answer the page takes, in walking order: from the start ({@code
   * offset}, {@code count}), or from the end when that is nearer (then {@code offset} counts from
   * the answer's last lead backwards). {@code answerOffset} is the page's offset in the answer.
   */
  private record Plan(
      boolean fromEnd, long offset, int count, long total, long answerOffset, int asked) {
    static Plan of(int asked, long offset, long total) {
      int page = (int) Math.min(asked, total - offset);
      return total - offset < offset + page
          ? new Plan(true, total - offset - page, page, total, offset, asked)
          : new Plan(false, offset, page, total, offset, asked);
    }

    /**
     * How many of its first matches (in walking order) a partition of {@code matches} gives: all
     * that may come before the page's end, or, {@code estimated}, its share of the answer up to the
     * page's start, four standard deviations more, and the page (a partition's matches are spread
     * among the others' as leads are spread over partitions, by a hash of their id). For a long
     * run, one match past all that may come before its end (a partition that gives only some must
     * hold one past the end), or, {@code estimated}, its share up to the end and four deviations.
     */
    int need(long matches, boolean estimated) {
      if (count > Window.LONG_RUN) {
        long end = offset + count;
        long all = Math.min(matches, end + 1);
        if (!estimated || total == 0) {
          return (int) all;
        }
        double share = (double) end * matches / total;
        long margin = (long) Math.ceil(4 * Math.sqrt(end + 1.0)) + 16;
        return (int) Math.min(all, (long) Math.ceil(share) + margin);
      }
      long all = Math.min(matches, offset + count);
      if (!estimated || total == 0) {
        return (int) all;
      }
      double share = (double) offset * matches / total;
      long margin = (long) Math.ceil(4 * Math.sqrt(offset + 1.0)) + 16;
      return (int) Math.min(all, (long) Math.ceil(share) + margin + count);
    }
  }

  /** A partition's matches in walking order, as far as the page needs them. */
  private record Prepared(long version, PartitionPlanner.Matched matched, OffsetSelection.Ranks matches) {}

  /** A partition's first matches in walking order, as many as {@code plan} needs, the cheaper way. */
  private static Prepared prepare(
      PartitionIndex.View view,
      LeadQuery q,
      Plan plan,
      boolean estimated,
      long countedVersion,
      PartitionPlanner.Matched counted,
      WorkBudget budget) {
    WorkspaceIndex leads = view.workspace();
    if (leads == null) {
      return new Prepared(view.version(), PartitionPlanner.Matched.NONE, Collected.NONE);
    }
    PartitionPlanner.Matched matched =
        view.version() == countedVersion ? counted : PartitionPlanner.match(leads, q, budget);
    int need = plan.need(matched.total(), estimated);
    if (need == 0) {
      return new Prepared(view.version(), matched, Collected.NONE);
    }
    boolean ascending = q.sortOrder() == SortOrder.ASC;
    AnswerOrder order = leads.order(q.sortBy().field(), ascending);
    Range range = Range.of(leads, order, q);
    if (!plan.fromEnd() && range.size() > 0 && (matched.docs() != null || q.status() != null)) {
      // no match before the first day that holds one (createdAt, lastContactedAt, updatedAt): start there
      int start =
          leads.firstPossibleMatch(
              q.sortBy().field(), ascending, range.first(), matched.docs(), null, q.status(), budget);
      range = new Range(start, Math.max(start - 1, range.last()));
    }
    long size = range.size();
    long scanSteps = Math.min(size, (long) Math.ceil((double) need * size / matched.total()));
    long scanUnits = (scanSteps + matched.total()) / SCAN_STEPS_PER_UNIT + 1;
    long collectUnits = PartitionPlanner.collectCost(matched.total(), need);
    if (scanUnits < collectUnits) {
      int from = plan.fromEnd() ? range.last() : range.first();
      // the estimate assumes matches spread evenly; when they come late in the order (status=new
      // by lastContactedAt: never contacted, so all at its end) walking on is still cheaper until
      // it costs what collecting would, so a walk that goes wrong costs at most that twice
      long maxSteps = collectUnits * SCAN_STEPS_PER_UNIT;
      Scanned scanned = scan(leads, q, matched, order, from, plan.fromEnd(), need, maxSteps, budget);
      if (scanned != null) {
        return new Prepared(view.version(), matched, scanned);
      }
    }
    Comparator<LeadSummary> answerOrder = q.sortBy().field().inAnswerOrder(ascending);
    return new Prepared(
        view.version(),
        matched,
        new Collected(
            PartitionPlanner.collected(leads, q, matched, need, plan.fromEnd(), budget),
            plan.fromEnd() ? answerOrder.reversed() : answerOrder));
  }

  /**
   * The positions of an order where its matches may be: all of them, or, when the query bounds the
   * sort field ({@code createdAfter} sorted by {@code createdAt}, ...), those with a value within
   * the bounds (a bound's own value included), or, when it allows one value of it ({@code company=}
   * sorted by {@code company}), that value's run: no walk passes the others.
   */
  private record Range(int first, int last) {
    static Range of(WorkspaceIndex leads, AnswerOrder order, LeadQuery q) {
      IndexedField field = q.sortBy().field();
      String equal = QueryFilter.equalOnSortField(q, field);
      if (equal != null) {
        // probe sorts before the text's leads and probeAfter after them, ascending; the other way
        // round descending (ties by id in the sort's direction, a probe's id "")
        int before = order.countBefore(field.probe(equal));
        int beyond = order.countBefore(field.probeAfter(equal));
        int first = Math.min(before, beyond);
        return new Range(first, Math.max(first, Math.max(before, beyond)) - 1);
      }
      Instant lower = QueryFilter.lowerBound(q, field);
      Instant upper = QueryFilter.upperBound(q, field);
      if (lower == null && upper == null) {
        return new Range(0, order.size() - 1);
      }
      // leads with a value come first in both directions (probe(null) sorts first among the others)
      int withValue = leads.order(field, true).countBefore(field.probe(null));
      boolean ascending = q.sortOrder() == SortOrder.ASC;
      Instant from = ascending ? lower : upper;
      Instant to = ascending ? upper : lower;
      // probe(value) sorts after the leads before that value, and (ties by id in the sort's
      // direction, its id "") before that value's leads ascending, after them descending: the
      // range holds the lower bound's own value, which the filters leave out anyway
      int first = from == null ? 0 : order.countBefore(field.probe(from));
      int end = to == null ? withValue : Math.min(withValue, order.countBefore(field.probe(to)));
      return new Range(first, Math.max(first, end) - 1);
    }

    long size() {
      return Math.max(0, last - first + 1);
    }
  }

  /**
   * The positions of the first {@code need} matches walking {@code order} from {@code from}
   * (towards its end, or its start when {@code fromEnd}), or null when that takes more than
   * {@code maxSteps} steps (collecting is cheaper then).
   */
  private static Scanned scan(
      WorkspaceIndex leads,
      LeadQuery q,
      PartitionPlanner.Matched matched,
      AnswerOrder order,
      int from,
      boolean fromEnd,
      int need,
      long maxSteps,
      WorkBudget budget) {
    RoaringBitmap docs = PartitionPlanner.docsOf(leads, q, matched, budget);
    // plain bits cost a step per sparse match to set: worth it unless the walk is short (a last page)
    long buildSteps = MatchBits.buildSteps(docs);
    boolean plainBits = buildSteps <= maxSteps / 4 * MATCHES_PER_WALK_STEP;
    int stepsPerUnit = plainBits ? SCAN_STEPS_PER_UNIT : SEARCH_STEPS_PER_UNIT;
    IntPredicate bits;
    if (plainBits) {
      budget.spend(buildSteps / SCAN_STEPS_PER_UNIT + 1);
      bits = new MatchBits(docs);
    } else {
      bits = docs::contains;
    }
    long remaining = budget.limit() - budget.spent();
    long affordable =
        remaining >= Long.MAX_VALUE / stepsPerUnit ? Long.MAX_VALUE : (remaining + 1) * stepsPerUnit;
    WalkSteps steps = new WalkSteps(Math.min(maxSteps, affordable));
    int[] positions = new int[need];
    int found;
    try {
      found = order.positionsOf(from, !fromEnd, bits, positions, steps);
    } finally {
      if (bits instanceof MatchBits plain) {
        plain.close();
      }
    }
    budget.spend((steps.taken() + stepsPerUnit - 1) / stepsPerUnit);
    if (steps.exhausted()) {
      return null;
    }
    return new Scanned(order, fromEnd, positions, found);
  }

  /**
   * The page's start in each partition (by rank across them), then from each the page's count of
   * leads from there (a long run: up to its end, by rank too), in answer order; null when a
   * partition did not give enough of its matches.
   */
  private static Found select(List<Prepared> prepared, Plan plan, WorkBudget budget) {
    List<OffsetSelection.Ranks> ranks = new ArrayList<>(prepared.size());
    for (Prepared partition : prepared) {
      OffsetSelection.Ranks matches = partition.matches();
      long rankUnits =
          PartitionPlanner.log2(matches.size())
              + (matches instanceof Scanned scanned ? PartitionPlanner.log2(scanned.order().size()) : 0);
      ranks.add(new Charged(matches, budget, rankUnits));
    }
    int[] starts = OffsetSelection.startsAmong(ranks, plan.offset());
    int[] ends =
        plan.count() > Window.LONG_RUN
            ? OffsetSelection.startsAmong(ranks, plan.offset() + plan.count())
            : null;
    for (int i = 0; i < ranks.size(); i++) {
      // a partition that gave only some of its matches must hold one past the run's end (or the
      // page's count after its start): then none of the others it has can come before the end
      boolean some = ranks.get(i).size() < prepared.get(i).matched().total();
      if (some
          && (ends != null
              ? ends[i] >= ranks.get(i).size()
              : (long) starts[i] + plan.count() > ranks.get(i).size())) {
        return null;
      }
    }
    List<Slice> slices = new ArrayList<>(prepared.size());
    long found = 0;
    for (int i = 0; i < ranks.size(); i++) {
      OffsetSelection.Ranks matches = ranks.get(i);
      int end =
          ends != null ? ends[i] : (int) Math.min((long) starts[i] + plan.count(), matches.size());
      List<LeadSummary> slice = new ArrayList<>(Math.max(0, end - starts[i]));
      for (int m = starts[i]; m < end; m++) {
        slice.add(matches.get(m));
      }
      if (plan.fromEnd()) {
        Collections.reverse(slice);
      }
      found += slice.size();
      slices.add(new Slice(slice, prepared.get(i).version()));
    }
    // from the end, the page is the last `count` of the slices in answer order
    return new Found(plan.total(), slices, plan.fromEnd() ? found - plan.count() : 0, plan.count());
  }

  /**
   * Charges each rank {@code rankUnits} (a unit per comparison of leads in its binary searches: in
   * the order, then among the positions) and each lead taken by position one unit.
   */
  private record Charged(OffsetSelection.Ranks matches, WorkBudget budget, long rankUnits)
      implements OffsetSelection.Ranks {
    @Override
    public int size() {
      return matches.size();
    }

    @Override
    public LeadSummary get(int position) {
      budget.spend(1);
      return matches.get(position);
    }

    @Override
    public int countBefore(LeadSummary lead) {
      budget.spend(rankUnits);
      return matches.countBefore(lead);
    }
  }

  /** Matches by their positions in an order, walked from its start or (reversed) from its end. */
  private record Scanned(AnswerOrder order, boolean fromEnd, int[] positions, int size)
      implements OffsetSelection.Ranks {
    @Override
    public LeadSummary get(int at) {
      return order.get(positions[at]);
    }

    /** Forward: positions below the lead's rank; from the end: positions after the lead. */
    @Override
    public int countBefore(LeadSummary lead) {
      if (!fromEnd) {
        int rank = order.countBefore(lead);
        int low = 0;
        int high = size;
        while (low < high) {
          int mid = (low + high) >>> 1;
          if (positions[mid] < rank) {
            low = mid + 1;
          } else {
            high = mid;
          }
        }
        return low;
      }
      int after = order.countAtOrBefore(lead);
      int low = 0;
      int high = size;
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (positions[mid] >= after) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      return low;
    }
  }

  /** Matches collected and sorted in walking order. */
  private record Collected(List<LeadSummary> leads, Comparator<LeadSummary> order)
      implements OffsetSelection.Ranks {
    static final Collected NONE = new Collected(List.of(), (a, b) -> 0);

    @Override
    public int size() {
      return leads.size();
    }

    @Override
    public LeadSummary get(int at) {
      return leads.get(at);
    }

    @Override
    public int countBefore(LeadSummary lead) {
      int low = 0;
      int high = leads.size();
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (order.compare(leads.get(mid), lead) < 0) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      return low;
    }
  }
}
