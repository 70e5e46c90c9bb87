package ai.buena.leads.query;

import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.index.Criteria;
import ai.buena.leads.index.IndexedField;
import ai.buena.leads.index.LeadSummary;
import ai.buena.leads.index.WalkSteps;
import ai.buena.leads.index.WorkBudget;
import ai.buena.leads.index.WorkspaceIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Answers one query on one partition's workspace index with the cheapest path it can:
 *
 * <ul>
 *   <li>total from the counts per status when nothing but status filters;
 *   <li>otherwise the exact bitmap of the leads the filters match ({@link WorkspaceIndex#matchingToRead}),
 *       whose size is the total;
 *   <li>the page: the matches collected and sorted when they are few, else the first matches in
 *       answer order from the sort field's ordered index, starting at the query's bound on that
 *       field and stopping at the other bound or after {@code k} matches.
 * </ul>
 *
 * <p>Counting ({@link #match}) and finding the first matches ({@link #first}) are separate steps,
 * so a caller can stop after the count when the page lies past it. Each step charges its work to
 * the query's {@link WorkBudget}.
 */
final class PartitionPlanner {
  /** Work units of one step along an ordered index (a step costs about two string tests). */
  private static final int WALK_STEP = 2;
  /**
   * Steps of a walk that tests doc numbers ({@link #firstInOrder}) per work unit: it reads an int
   * beside the order and a bit, not the lead, about an eighth of what a collected match costs.
   */
  private static final int DOC_STEPS_PER_UNIT = 8;
  /** A walk tests plain bits ({@link MatchBits}) when they cost at most this many build steps a step. */
  private static final int BITS_PER_WALK_STEP = 8;

  private PartitionPlanner() {}

  /**
   * One partition's matches of a query: how many, and the exact set of their docs, or null when
   * only status selects (then the order is walked with a status test) or only bounds on the sort
   * field do, with a status or without ({@code sortRange}: the order is walked between them).
   * The docs may be one of the index's own bitmaps ({@link WorkspaceIndex#matchingToRead}): read
   * only, and only at the workspace version they were counted at.
   */
  record Matched(long total, RoaringBitmap docs, boolean sortRange) {
    static final Matched NONE = new Matched(0, null);

    Matched(long total, RoaringBitmap docs) {
      this(total, docs, false);
    }
  }

  /** The partition's count of matches, with the work charged to {@code budget}. */
  static Matched match(WorkspaceIndex leads, LeadQuery q, WorkBudget budget) {
    if (leads == null) {
      return Matched.NONE;
    }
    Criteria criteria = criteria(q);
    if (criteria.statusAtMost()) {
      return new Matched(q.status() == null ? leads.size() : leads.count(q.status()), null);
    }
    IndexedField field = q.sortBy().field();
    if (QueryFilter.onlyBoundsOn(q, field)) {
      int total =
          leads.countBetween(
              field, QueryFilter.lowerBound(q, field), QueryFilter.upperBound(q, field));
      return new Matched(total, null, true);
    }
    if (q.status() != null && QueryFilter.onlyStatusAndBoundsOn(q, field)) {
      // the status's bitmap against the range's days: no bitmap of the range is built; the page
      // walks the order between the bounds testing the status
      long total =
          leads.countBetween(
              q.status(), field, QueryFilter.lowerBound(q, field), QueryFilter.upperBound(q, field),
              budget);
      return new Matched(total, null, true);
    }
    RoaringBitmap matches = leads.matchingToRead(criteria, budget);
    return new Matched(matches.getLongCardinality(), matches);
  }

  /** The first {@code k} of {@code matched} in answer order, with the work charged to {@code budget}. */
  static List<LeadSummary> first(
      WorkspaceIndex leads, LeadQuery q, Matched matched, int k, WorkBudget budget) {
    return first(leads, q, matched, k, budget, null);
  }

  /**
   * {@link #first(WorkspaceIndex, LeadQuery, Matched, int, WorkBudget)}, without any lead that
   * comes after {@code bound} in answer order (null: no bound): a walk stops there. The caller
   * knows {@code k} leads up to {@code bound} from other partitions, so none after it can be among
   * the answer's first {@code k}.
   */
  static List<LeadSummary> first(
      WorkspaceIndex leads,
      LeadQuery q,
      Matched matched,
      int k,
      WorkBudget budget,
      LeadSummary bound) {
    if (leads == null || k == 0 || matched.total() == 0) {
      return List.of();
    }
    RoaringBitmap matches = matched.docs();
    if (matches == null && q.status() == null) {
      return firstInOrder(leads, q, k, doc -> true, budget, Long.MAX_VALUE, bound, 0);
    }
    long collectCost = collectCost(matched.total(), k);
    // the day search and the walk test the same matches: plain bits once either has searched
    // them as long as building the bits is worth
    try (GrowingMatchBits bits = matches == null ? null : growingBits(matches)) {
      int start = walkStart(leads, q, matches, bits, budget);
      long walkSteps = walkSteps(matched.total(), k, walkedSize(leads, q) - start);
      long walkCost = (walkSteps + DOC_STEPS_PER_UNIT - 1) / DOC_STEPS_PER_UNIT;
      if (walkCost < collectCost) {
        // The estimate assumes evenly spread matches; when they all sort late (status=new by
        // lastContactedAt) walking on is still cheaper until it costs what collecting would.
        long maxSteps = collectCost * DOC_STEPS_PER_UNIT;
        List<LeadSummary> walked =
            firstInOrder(leads, q, k, members(leads, q, bits, walkSteps), budget, maxSteps, bound, start);
        if (walked != null) {
          return walked;
        }
      }
    }
    Comparator<LeadSummary> order =
        q.sortBy().field().inAnswerOrder(q.sortOrder() == SortOrder.ASC);
    LeadSummary after = q.after() == null ? null : position(q);
    return firstOf(
        leads,
        docsOf(leads, q, matches, budget),
        order,
        q.sortOrder() == SortOrder.DESC,
        after,
        bound,
        k,
        budget);
  }

  /**
   * A walk's test by doc number: the status's docs when only status selects ({@code bits} null);
   * else the matches' {@code bits}, built as plain bits ({@link MatchBits}) at once when that is
   * cheap for the walk (a step per sparse match, a dense container copied at once), which saves
   * most of each step's search. When the walk's estimate is too short for that, the bits are built
   * once the walk has searched as long as building them is worth: the estimate assumes evenly
   * spread matches, and a walk for matches that all sort late goes on far past it.
   */
  private static IntPredicate members(
      WorkspaceIndex leads, LeadQuery q, GrowingMatchBits bits, long walkSteps) {
    if (bits == null) {
      LeadStatus status = q.status();
      return doc -> leads.hasStatus(doc, status);
    }
    if (bits.buildSteps() <= walkSteps * BITS_PER_WALK_STEP) {
      bits.build();
    }
    return bits;
  }

  /** {@code matches} tested by search until that has cost as much as building plain bits. */
  private static GrowingMatchBits growingBits(RoaringBitmap matches) {
    long buildSteps = MatchBits.buildSteps(matches);
    return new GrowingMatchBits(matches, buildSteps, buildSteps / BITS_PER_WALK_STEP);
  }

  /**
   * Whether a lead is one of {@code matches}; when only status selects ({@code matches} null),
   * whether it has the query's status.
   */
  private static Predicate<LeadSummary> matching(LeadQuery q, RoaringBitmap matches) {
    return matches == null
        ? lead -> q.status() == null || lead.status() == q.status()
        : lead -> matches.contains(lead.doc());
  }

  /**
   * {@code matches}, or the status's docs when only status selects: collected when walking the
   * order for them costs more, e.g. {@code status=new} sorted by {@code lastContactedAt} (never
   * contacted, so all at the end of that order).
   */
  private static RoaringBitmap docsOf(
      WorkspaceIndex leads, LeadQuery q, RoaringBitmap matches, WorkBudget budget) {
    return matches != null ? matches : leads.matchingToRead(criteria(q), budget);
  }

  /**
   * The last {@code r} of {@code matched} in answer order (the whole order, no cursor), in answer
   * order: the end of an answer, found from its end rather than by walking past everything before.
   */
  static List<LeadSummary> last(
      WorkspaceIndex leads, LeadQuery q, Matched matched, int r, WorkBudget budget) {
    if (leads == null || r == 0 || matched.total() == 0) {
      return List.of();
    }
    RoaringBitmap matches = matched.sortRange() ? docsOf(leads, q, matched, budget) : matched.docs();
    boolean everyLead = matches == null && q.status() == null;
    long collectCost = everyLead ? Long.MAX_VALUE : collectCost(matched.total(), r);
    long walkCost = walkCost(matched.total(), r, leads.size());
    if (everyLead || walkCost < collectCost) {
      List<LeadSummary> walked =
          lastInOrder(
              leads, q, r, matching(q, matches), budget,
              everyLead ? Long.MAX_VALUE : walkLimit(walkCost, collectCost));
      if (walked != null) {
        return walked;
      }
    }
    Comparator<LeadSummary> order =
        q.sortBy().field().inAnswerOrder(q.sortOrder() == SortOrder.ASC);
    List<LeadSummary> tail =
        firstOf(
            leads, docsOf(leads, q, matches, budget), order.reversed(), q.sortOrder() == SortOrder.ASC,
            null, null, r, budget);
    Collections.reverse(tail);
    return tail;
  }

  /** The exact docs of {@code matched}: its bitmap, or the status's docs when only status selects. */
  static RoaringBitmap docsOf(WorkspaceIndex leads, LeadQuery q, Matched matched, WorkBudget budget) {
    return docsOf(leads, q, matched.docs(), budget);
  }

  /**
   * The first {@code k} of {@code matched} in answer order, or in its reverse when {@code
   * reversed}, collected and sorted (no cursor, no bound).
   */
  static List<LeadSummary> collected(
      WorkspaceIndex leads, LeadQuery q, Matched matched, int k, boolean reversed, WorkBudget budget) {
    Comparator<LeadSummary> order =
        q.sortBy().field().inAnswerOrder(q.sortOrder() == SortOrder.ASC);
    return firstOf(
        leads,
        docsOf(leads, q, matched.docs(), budget),
        reversed ? order.reversed() : order,
        reversed != (q.sortOrder() == SortOrder.DESC),
        null,
        null,
        k,
        budget);
  }

  /**
   * The first {@code k} of {@code docs} in {@code order} (only those after {@code after} when
   * given), sorted: one unit per doc gathered, then {@code log2(k)} per lead entering a heap of the
   * first {@code k} (charged as it enters), or {@code log2(n)} per lead when sorting all of them is
   * cheaper. Gathered from the highest doc number down when {@code fromEnd}: doc numbers follow the
   * order leads were created in, so a descending time order then meets its first leads first and
   * few others enter the heap.
   */
  private static List<LeadSummary> firstOf(
      WorkspaceIndex leads,
      RoaringBitmap docs,
      Comparator<LeadSummary> order,
      boolean fromEnd,
      LeadSummary after,
      LeadSummary bound,
      int k,
      WorkBudget budget) {
    budget.spend(docs.getLongCardinality());
    List<LeadSummary> collected = new ArrayList<>(docs.getCardinality());
    for (IntIterator it = fromEnd ? docs.getReverseIntIterator() : docs.getIntIterator(); it.hasNext(); ) {
      LeadSummary lead = leads.lead(it.next());
      if ((after == null || order.compare(lead, after) > 0)
          && (bound == null || order.compare(lead, bound) <= 0)) {
        collected.add(lead);
      }
    }
    return smallest(collected, order, k, budget);
  }

  /**
   * What collecting {@code total} matches and keeping the first {@code k} is expected to cost: one
   * unit per match gathered, and {@code log2(k)} for each of the about {@code k (1 + ln(total /
   * k))} that enter the heap when they come in no particular order (all sorted when {@code k} is a
   * quarter of them or more).
   */
  static long collectCost(long total, int k) {
    long kept = Math.min(total, k);
    if (kept >= total / 4) {
      return total * (1 + log2(total));
    }
    double entering = kept * (1 + Math.log((double) total / kept));
    return total + (long) Math.ceil(entering * log2(kept));
  }

  /** The number of bits of {@code n}: about {@code log2(n) + 1}, at least 1. */
  static int log2(long n) {
    return Math.max(1, 64 - Long.numberOfLeadingZeros(n));
  }

  /**
   * Walking the order until {@code k} of {@code total} matches come by: about {@code k * size /
   * total} steps when matches are spread evenly (the walk stops at the collect cost and collects
   * when they are not).
   */
  private static long walkCost(long total, int k, int size) {
    return WALK_STEP * walkSteps(total, k, size);
  }

  /**
   * Where a walk from the start of the order may begin: the first position of the day (of {@code
   * createdAt} or {@code lastContactedAt}) that holds a match, from the day buckets
   * ({@link WorkspaceIndex#firstPossibleMatch}); so matches that all come late in the order
   * ({@code status=contacted&lastContactedBefore=...} by {@code createdAt} descending: recent leads
   * were not contacted before then; {@code status=new} by {@code lastContactedAt}: never contacted,
   * so after every contacted lead) are not walked to lead by lead. 0 when the walk starts elsewhere
   * (a cursor, a bound on the sort field, a value's run).
   */
  private static int walkStart(
      WorkspaceIndex leads, LeadQuery q, RoaringBitmap matches, GrowingMatchBits bits, WorkBudget budget) {
    IndexedField field = q.sortBy().field();
    boolean ascending = q.sortOrder() == SortOrder.ASC;
    boolean fromTheStart =
        q.after() == null
            && QueryFilter.equalOnSortField(q, field) == null
            && (ascending ? QueryFilter.lowerBound(q, field) == null : QueryFilter.upperBound(q, field) == null);
    return fromTheStart ? leads.firstPossibleMatch(field, ascending, 0, matches, bits, q.status(), budget) : 0;
  }

  /**
   * How many leads a walk of the order may pass: the run of the sort field's one allowed value
   * ({@link QueryFilter#equalOnSortField}), else every lead.
   */
  private static int walkedSize(WorkspaceIndex leads, LeadQuery q) {
    IndexedField field = q.sortBy().field();
    String equal = QueryFilter.equalOnSortField(q, field);
    return equal == null ? leads.size() : leads.countWithText(field, equal);
  }

  private static long walkSteps(long total, int k, int size) {
    return (long) Math.ceil((double) k * size / total);
  }

  /**
   * How many steps a walk may take before it gives up for collecting: four times its estimate (the
   * matches are then not spread as the count says, e.g. {@code status=new} by {@code
   * lastContactedAt}: never contacted, so all at the end of that order), and never more than
   * collecting would cost. So a walk that goes wrong costs at most four times its estimate more
   * than collecting, and at most twice the cheaper path.
   */
  private static long walkLimit(long walkCost, long collectCost) {
    return Math.min(4 * walkCost, collectCost) / WALK_STEP;
  }

  /** The partition's count and first {@code k} matches, without a budget. */
  static PartialResult run(WorkspaceIndex leads, LeadQuery q, int k) {
    WorkBudget unlimited = WorkBudget.unlimited();
    Matched matched = match(leads, q, unlimited);
    return new PartialResult(matched.total(), first(leads, q, matched, k, unlimited));
  }

  static Criteria criteria(LeadQuery q) {
    return new Criteria(
        q.status(),
        q.source(),
        q.company(),
        q.title(),
        q.searchTerms(),
        q.createdAfter(),
        q.createdBefore(),
        q.lastContactedAfter(),
        q.lastContactedBefore());
  }

  /**
   * The {@code k} first of {@code leads} in {@code order}, sorted; a heap of {@code k} when few,
   * each lead entering it charged {@code log2(k)} units as it enters.
   */
  private static List<LeadSummary> smallest(
      List<LeadSummary> leads, Comparator<LeadSummary> order, int k, WorkBudget budget) {
    if (k >= leads.size() / 4) {
      budget.spend((long) leads.size() * log2(leads.size()));
      leads.sort(order);
      return leads.subList(0, Math.min(k, leads.size()));
    }
    int entering = log2(k);
    PriorityQueue<LeadSummary> largestFirst = new PriorityQueue<>(k + 1, order.reversed());
    for (LeadSummary lead : leads) {
      if (largestFirst.size() < k) {
        budget.spend(entering);
        largestFirst.add(lead);
      } else if (order.compare(lead, largestFirst.peek()) < 0) {
        budget.spend(entering);
        largestFirst.poll();
        largestFirst.add(lead);
      }
    }
    List<LeadSummary> first = new ArrayList<>(largestFirst);
    first.sort(order);
    return first;
  }

  /**
   * The first {@code k} matches walking the order from the query's bound or cursor (without
   * either: from position {@code start}, before which none matches), or null when that takes more
   * than {@code maxSteps} steps (then collecting them is cheaper). The walk tests doc numbers and
   * reads only the leads {@code matches} accepts; it stops past {@code bound} (null: none).
   */
  private static List<LeadSummary> firstInOrder(
      WorkspaceIndex leads,
      LeadQuery q,
      int k,
      IntPredicate matches,
      WorkBudget budget,
      long maxSteps,
      LeadSummary bound,
      int start) {
    IndexedField field = q.sortBy().field();
    boolean ascending = q.sortOrder() == SortOrder.ASC;
    Instant lower = QueryFilter.lowerBound(q, field);
    Instant upper = QueryFilter.upperBound(q, field);
    long remaining = budget.limit() - budget.spent();
    long affordable =
        remaining >= Long.MAX_VALUE / DOC_STEPS_PER_UNIT
            ? Long.MAX_VALUE
            : (remaining + 1) * DOC_STEPS_PER_UNIT;
    WalkSteps steps = new WalkSteps(Math.min(maxSteps, affordable));
    Iterator<LeadSummary> walk;
    String equal = QueryFilter.equalOnSortField(q, field);
    if (equal != null) {
      walk = leads.withText(field, equal, ascending, q.after() == null ? null : position(q), matches, steps);
    } else if (q.after() != null) {
      walk = leads.after(field, ascending, position(q), matches, steps);
    } else if (ascending && lower != null) {
      walk = leads.ascendingFrom(field, lower, matches, steps);
    } else if (!ascending && upper != null) {
      walk = leads.descendingBelow(field, upper, matches, steps);
    } else {
      walk = leads.order(field, ascending).from(start, matches, steps);
    }
    boolean boundedField = lower != null || upper != null;
    Comparator<LeadSummary> order = bound == null ? null : field.inAnswerOrder(ascending);
    List<LeadSummary> first = new ArrayList<>(Math.min(k, 1024));
    while (first.size() < k && walk.hasNext()) {
      LeadSummary lead = walk.next();
      if (order != null && order.compare(lead, bound) > 0) {
        break;
      }
      if (boundedField) {
        if (!lead.hasTime(field)) {
          break;
        }
        if (ascending && upper != null && lead.compareTimeTo(field, upper) >= 0) {
          break;
        }
        if (!ascending && lower != null && lead.compareTimeTo(field, lower) <= 0) {
          break;
        }
        if (!lead.timeWithin(field, lower, upper)) {
          // the walk starts at the first lead not below its bound, which the bound itself excludes
          continue;
        }
      }
      first.add(lead);
    }
    budget.spend((steps.taken() + DOC_STEPS_PER_UNIT - 1) / DOC_STEPS_PER_UNIT);
    if (steps.exhausted()) {
      return null;
    }
    return first.isEmpty() ? Collections.emptyList() : first;
  }

  /**
   * The last {@code r} matches, walking the whole order backwards from its end, in answer order;
   * null when that takes more than {@code maxSteps} steps.
   */
  private static List<LeadSummary> lastInOrder(
      WorkspaceIndex leads,
      LeadQuery q,
      int r,
      Predicate<LeadSummary> matches,
      WorkBudget budget,
      long maxSteps) {
    WorkspaceIndex.AnswerOrder order =
        leads.order(q.sortBy().field(), q.sortOrder() == SortOrder.ASC);
    List<LeadSummary> last = new ArrayList<>(Math.min(r, 1024));
    long steps = 0;
    for (Iterator<LeadSummary> walk = order.backwardFrom(order.size() - 1);
        walk.hasNext() && last.size() < r; ) {
      if (++steps > maxSteps) {
        return null;
      }
      budget.spend(WALK_STEP);
      LeadSummary lead = walk.next();
      if (matches.test(lead)) {
        last.add(lead);
      }
    }
    Collections.reverse(last);
    return last;
  }

  /** The cursor's position as a probe in the index order. */
  private static LeadSummary position(LeadQuery q) {
    return q.sortBy().field().probe(q.after().value(), q.after().id());
  }
}
