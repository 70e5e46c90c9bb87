package ai.buena.leads.query;

import ai.buena.leads.index.Criteria;
import ai.buena.leads.index.IndexedField;
import ai.buena.leads.index.LeadSummary;
import ai.buena.leads.index.WorkspaceIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
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
 */
final class PartitionPlanner {
  static final int COLLECT_LIMIT = 4096;

  private PartitionPlanner() {}

  static PartialResult run(WorkspaceIndex leads, LeadQuery q, int k) {
    if (leads == null) {
      return new PartialResult(0, List.of());
    }
    Criteria criteria = criteria(q);
    if (criteria.statusAtMost()) {
      long total = q.status() == null ? leads.size() : leads.count(q.status());
      Predicate<LeadSummary> withStatus = lead -> q.status() == null || lead.status() == q.status();
      return new PartialResult(total, k == 0 ? List.of() : firstInOrder(leads, q, k, withStatus));
    }
    RoaringBitmap matches = leads.matching(criteria);
    long total = matches.getLongCardinality();
    if (k == 0 || total == 0) {
      return new PartialResult(total, List.of());
    }
    if (cheaperToCollect(total, k, leads.size())) {
      List<LeadSummary> collected = new ArrayList<>((int) total);
      for (IntIterator docs = matches.getIntIterator(); docs.hasNext(); ) {
        collected.add(leads.lead(docs.next()));
      }
      return new PartialResult(total, sorted(collected, q, k));
    }
    return new PartialResult(total, firstInOrder(leads, q, k, lead -> matches.contains(lead.doc())));
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
   * Collecting and sorting {@code total} matches against walking the order until {@code k} of them
   * come by (about {@code k * size / total} steps when matches are spread evenly).
   */
  private static boolean cheaperToCollect(long total, int k, int size) {
    return total <= COLLECT_LIMIT || total * total < (long) k * size;
  }

  /** The first {@code k} of {@code collected} after the query's cursor, in answer order. */
  private static List<LeadSummary> sorted(List<LeadSummary> collected, LeadQuery q, int k) {
    Comparator<LeadSummary> order = SummaryOrder.comparator(q.sortBy(), q.sortOrder());
    if (q.after() != null) {
      LeadSummary position = position(q);
      collected.removeIf(lead -> order.compare(lead, position) <= 0);
    }
    collected.sort(order);
    return collected.subList(0, Math.min(k, collected.size()));
  }

  private static List<LeadSummary> firstInOrder(
      WorkspaceIndex leads, LeadQuery q, int k, Predicate<LeadSummary> matches) {
    IndexedField field = SummaryOrder.field(q.sortBy());
    boolean ascending = q.sortOrder() == SortOrder.ASC;
    Instant lower = lowerBound(q, field);
    Instant upper = upperBound(q, field);
    Iterator<LeadSummary> walk;
    if (q.after() != null) {
      walk = leads.after(field, ascending, position(q));
    } else if (ascending && lower != null) {
      walk = leads.ascendingFrom(field, lower);
    } else if (!ascending && upper != null) {
      walk = leads.descendingBelow(field, upper);
    } else {
      walk = leads.inOrder(field, ascending);
    }
    List<LeadSummary> first = new ArrayList<>(Math.min(k, 1024));
    while (walk.hasNext() && first.size() < k) {
      LeadSummary lead = walk.next();
      Object value = lead.value(field);
      boolean boundedField = lower != null || upper != null;
      if (boundedField && value == null) {
        break;
      }
      if (ascending && upper != null && !((Instant) value).isBefore(upper)) {
        break;
      }
      if (!ascending && lower != null && !((Instant) value).isAfter(lower)) {
        break;
      }
      if (matches.test(lead)) {
        first.add(lead);
      }
    }
    return first.isEmpty() ? Collections.emptyList() : first;
  }

  /** The cursor's position as a probe in the index order. */
  private static LeadSummary position(LeadQuery q) {
    return SummaryOrder.field(q.sortBy()).probe(q.after().value(), q.after().id());
  }

  private static Instant lowerBound(LeadQuery q, IndexedField field) {
    return switch (field) {
      case CREATED_AT -> q.createdAfter();
      case LAST_CONTACTED_AT -> q.lastContactedAfter();
      default -> null;
    };
  }

  private static Instant upperBound(LeadQuery q, IndexedField field) {
    return switch (field) {
      case CREATED_AT -> q.createdBefore();
      case LAST_CONTACTED_AT -> q.lastContactedBefore();
      default -> null;
    };
  }
}
