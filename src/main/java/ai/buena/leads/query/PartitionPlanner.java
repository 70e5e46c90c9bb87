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
 *   <li>otherwise the exact bitmap of the leads the filters match ({@link WorkspaceIndex#matching}),
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
  /** A walk tests plain bits ({@link MatchBits}) when there are at most this many matches a step. */
  private static final int BITS_PER_WALK_STEP = 4;

  private PartitionPlanner() {}

  /**
   * One partition's matches of a query: how many, and the exact set of their docs, or null when
   * only status selects (then the order is walked with a status test).
   */
  record Matched(long total, RoaringBitmap docs) {
    static final Matched NONE = new Matched(0, null);
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
    RoaringBitmap matches = leads.matching(criteria, budget);
    return new Matched(matches.getLongCardinality(), matches);
  }

  /** The first {@code k} of {@code matched} in answer order, with the work charged to {@code budget}. */
  static List<LeadSummary> first(
      WorkspaceIndex leads, LeadQuery q, Matched matched, int k, WorkBudget budget) {
    if (leads == null || k == 0 || matched.total() == 0) {
      return List.of();
    }
    RoaringBitmap matches = matched.docs();
    if (matches == null) {
      LeadStatus status = q.status();
      IntPredicate withStatus = status == null ? doc -> true : doc -> leads.hasStatus(doc, status);
      return firstInOrder(leads, q, k, withStatus, budget, Long.MAX_VALUE);
    }
    long collectCost = collectCost(matched.total(), k);
    long walkCost = walkCost(matched.total(), k, leads.size());
    if (walkCost < collectCost) {
      // Plain bits cost a step per match to build and save most of each step's search.
      IntPredicate member =
          matched.total() <= walkCost * BITS_PER_WALK_STEP ? new MatchBits(matches) : matches::contains;
      List<LeadSummary> walked =
          firstInOrder(leads, q, k, member, budget, collectCost / WALK_STEP);
      if (walked != null) {
        return walked;
      }
    }
    budget.spend(collectCost);
    return sorted(collect(leads, matches), q, k);
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
    RoaringBitmap matches = matched.docs();
    Predicate<LeadSummary> matching =
        matches == null
            ? lead -> q.status() == null || lead.status() == q.status()
            : lead -> matches.contains(lead.doc());
    long collectCost = matches == null ? Long.MAX_VALUE : collectCost(matched.total(), r);
    if (matches == null || walkCost(matched.total(), r, leads.size()) < collectCost) {
      List<LeadSummary> walked = lastInOrder(leads, q, r, matching, budget, collectCost / WALK_STEP);
      if (walked != null) {
        return walked;
      }
    }
    budget.spend(collectCost);
    Comparator<LeadSummary> order =
        q.sortBy().field().inAnswerOrder(q.sortOrder() == SortOrder.ASC);
    List<LeadSummary> tail = smallest(collect(leads, matches), order.reversed(), r);
    Collections.reverse(tail);
    return tail;
  }

  private static List<LeadSummary> collect(WorkspaceIndex leads, RoaringBitmap matches) {
    List<LeadSummary> collected = new ArrayList<>(matches.getCardinality());
    for (IntIterator docs = matches.getIntIterator(); docs.hasNext(); ) {
      collected.add(leads.lead(docs.next()));
    }
    return collected;
  }

  /**
   * Collecting {@code total} matches and keeping the first {@code k} in a heap: one unit per match
   * gathered and about {@code log2(k)} comparisons each.
   */
  private static long collectCost(long total, int k) {
    return total * (1 + (64 - Long.numberOfLeadingZeros(Math.min(total, k))));
  }

  /**
   * Walking the order until {@code k} of {@code total} matches come by: about {@code k * size /
   * total} steps when matches are spread evenly (the walk stops at the collect cost and collects
   * when they are not).
   */
  private static long walkCost(long total, int k, int size) {
    return WALK_STEP * (long) Math.ceil((double) k * size / total);
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

  /** The first {@code k} of {@code collected} after the query's cursor, in answer order. */
  private static List<LeadSummary> sorted(List<LeadSummary> collected, LeadQuery q, int k) {
    Comparator<LeadSummary> order =
        q.sortBy().field().inAnswerOrder(q.sortOrder() == SortOrder.ASC);
    if (q.after() != null) {
      LeadSummary position = position(q);
      collected.removeIf(lead -> order.compare(lead, position) <= 0);
    }
    return smallest(collected, order, k);
  }

  /** The {@code k} first of {@code leads} in {@code order}, sorted; a heap of {@code k} when few. */
  private static List<LeadSummary> smallest(
      List<LeadSummary> leads, Comparator<LeadSummary> order, int k) {
    if (k >= leads.size() / 4) {
      leads.sort(order);
      return leads.subList(0, Math.min(k, leads.size()));
    }
    PriorityQueue<LeadSummary> largestFirst = new PriorityQueue<>(k + 1, order.reversed());
    for (LeadSummary lead : leads) {
      if (largestFirst.size() < k) {
        largestFirst.add(lead);
      } else if (order.compare(lead, largestFirst.peek()) < 0) {
        largestFirst.poll();
        largestFirst.add(lead);
      }
    }
    List<LeadSummary> first = new ArrayList<>(largestFirst);
    first.sort(order);
    return first;
  }

  /**
   * The first {@code k} matches walking the order from the query's bound or cursor, or null when
   * that takes more than {@code maxSteps} steps (then collecting them is cheaper). The walk tests
   * doc numbers and reads only the leads {@code matches} accepts.
   */
  private static List<LeadSummary> firstInOrder(
      WorkspaceIndex leads,
      LeadQuery q,
      int k,
      IntPredicate matches,
      WorkBudget budget,
      long maxSteps) {
    IndexedField field = q.sortBy().field();
    boolean ascending = q.sortOrder() == SortOrder.ASC;
    Instant lower = QueryFilter.lowerBound(q, field);
    Instant upper = QueryFilter.upperBound(q, field);
    long affordable = (budget.limit() - budget.spent()) / WALK_STEP + 1;
    WalkSteps steps = new WalkSteps(Math.min(maxSteps, affordable));
    Iterator<LeadSummary> walk;
    if (q.after() != null) {
      walk = leads.after(field, ascending, position(q), matches, steps);
    } else if (ascending && lower != null) {
      walk = leads.ascendingFrom(field, lower, matches, steps);
    } else if (!ascending && upper != null) {
      walk = leads.descendingBelow(field, upper, matches, steps);
    } else {
      walk = leads.inOrder(field, ascending, matches, steps);
    }
    boolean boundedField = lower != null || upper != null;
    List<LeadSummary> first = new ArrayList<>(Math.min(k, 1024));
    while (first.size() < k && walk.hasNext()) {
      LeadSummary lead = walk.next();
      Object value = lead.value(field);
      if (boundedField && value == null) {
        break;
      }
      if (ascending && upper != null && !((Instant) value).isBefore(upper)) {
        break;
      }
      if (!ascending && lower != null && !((Instant) value).isAfter(lower)) {
        break;
      }
      first.add(lead);
    }
    budget.spend(WALK_STEP * steps.taken());
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
