package ai.buena.leads.query;

import ai.buena.leads.index.IndexedField;
import ai.buena.leads.index.LeadSummary;
import ai.buena.leads.index.WorkspaceIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * Answers one query on one partition's workspace index with the cheapest path it can:
 *
 * <ul>
 *   <li>total from the counts per status when nothing but status filters;
 *   <li>otherwise a count over the leads, walking only the created-at or last-contacted-at range
 *       when the query bounds it, collecting the matches when they are few, then sorting them;
 *   <li>the first matches in answer order from the sort field's ordered index, starting at the
 *       query's bound on that field and stopping at the other bound or after {@code k} matches.
 * </ul>
 */
final class PartitionPlanner {
  static final int COLLECT_LIMIT = 4096;

  private PartitionPlanner() {}

  static PartialResult run(WorkspaceIndex leads, LeadQuery q, int k) {
    if (leads == null) {
      return new PartialResult(0, List.of());
    }
    Comparator<LeadSummary> order = SummaryOrder.comparator(q.sortBy(), q.sortOrder());
    if (SummaryFilter.countedByStatus(q)) {
      long total = q.status() == null ? leads.size() : leads.count(q.status());
      return new PartialResult(total, k == 0 ? List.of() : firstInOrder(leads, q, k));
    }
    List<LeadSummary> collected = new ArrayList<>();
    long total = 0;
    for (Iterator<LeadSummary> it = countCandidates(leads, q); it.hasNext(); ) {
      LeadSummary lead = it.next();
      if (pastCountRange(q, lead)) {
        break;
      }
      if (SummaryFilter.matches(q, lead)) {
        if (++total <= COLLECT_LIMIT) {
          collected.add(lead);
        }
      }
    }
    if (k == 0) {
      return new PartialResult(total, List.of());
    }
    if (total <= COLLECT_LIMIT) {
      if (q.after() != null) {
        LeadSummary position = position(q);
        collected.removeIf(lead -> order.compare(lead, position) <= 0);
      }
      collected.sort(order);
      return new PartialResult(total, collected.subList(0, (int) Math.min(k, collected.size())));
    }
    return new PartialResult(total, firstInOrder(leads, q, k));
  }

  /**
   * The leads a count must look at: those of the company when the query names one, a time range
   * when the query bounds one, else all.
   */
  private static Iterator<LeadSummary> countCandidates(WorkspaceIndex leads, LeadQuery q) {
    if (q.company() != null) {
      return leads.withCompany(q.company()).iterator();
    }
    if (q.lastContactedAfter() != null || q.lastContactedBefore() != null) {
      return from(leads, IndexedField.LAST_CONTACTED_AT, q.lastContactedAfter());
    }
    if (q.createdAfter() != null || q.createdBefore() != null) {
      return from(leads, IndexedField.CREATED_AT, q.createdAfter());
    }
    return leads.all().iterator();
  }

  private static Iterator<LeadSummary> from(WorkspaceIndex leads, IndexedField field, Instant after) {
    return after == null ? leads.inOrder(field, true) : leads.ascendingFrom(field, after);
  }

  /** In the ascending walk of {@link #countCandidates}: no later lead can match. */
  private static boolean pastCountRange(LeadQuery q, LeadSummary lead) {
    if (q.company() != null) {
      return false;
    }
    if (q.lastContactedAfter() != null || q.lastContactedBefore() != null) {
      return beyond(lead.lastContactedAt(), q.lastContactedBefore());
    }
    if (q.createdAfter() != null || q.createdBefore() != null) {
      return beyond(lead.createdAt(), q.createdBefore());
    }
    return false;
  }

  private static boolean beyond(Instant value, Instant before) {
    return value == null || (before != null && !value.isBefore(before));
  }

  private static List<LeadSummary> firstInOrder(WorkspaceIndex leads, LeadQuery q, int k) {
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
      if (SummaryFilter.matches(q, lead)) {
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
