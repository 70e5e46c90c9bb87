package ai.buena.leads.index;

import ai.buena.leads.events.LeadStatus;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * One workspace's leads within one partition: by id, in the order of every {@link IndexedField},
 * and counted per status. Not thread-safe: {@link PartitionIndex} guards it.
 */
public final class WorkspaceIndex {
  private final Map<String, LeadSummary> byId = new HashMap<>();
  private final Map<IndexedField, TreeSet<LeadSummary>> ordered = new EnumMap<>(IndexedField.class);
  private final long[] perStatus = new long[LeadStatus.values().length];
  private final Map<String, Set<LeadSummary>> byCompany = new HashMap<>();

  WorkspaceIndex() {
    for (IndexedField field : IndexedField.values()) {
      ordered.put(field, new TreeSet<>(field.ascending()));
    }
  }

  void put(LeadSummary lead) {
    LeadSummary previous = byId.put(lead.id(), lead);
    if (previous != null) {
      perStatus[previous.status().ordinal()]--;
    }
    perStatus[lead.status().ordinal()]++;
    if (previous != null) {
      unindexCompany(previous);
    }
    if (lead.company() != null) {
      byCompany.computeIfAbsent(lead.company(), c -> new HashSet<>()).add(lead);
    }
    for (IndexedField field : IndexedField.values()) {
      TreeSet<LeadSummary> set = ordered.get(field);
      if (previous != null) {
        set.remove(previous);
      }
      set.add(lead);
    }
  }

  void remove(String leadId) {
    LeadSummary previous = byId.remove(leadId);
    if (previous == null) {
      return;
    }
    perStatus[previous.status().ordinal()]--;
    unindexCompany(previous);
    for (TreeSet<LeadSummary> set : ordered.values()) {
      set.remove(previous);
    }
  }

  private void unindexCompany(LeadSummary lead) {
    if (lead.company() == null) {
      return;
    }
    Set<LeadSummary> same = byCompany.get(lead.company());
    if (same != null && same.remove(lead) && same.isEmpty()) {
      byCompany.remove(lead.company());
    }
  }

  /** The leads whose lower-cased company equals {@code company} (already lower-cased). */
  public Collection<LeadSummary> withCompany(String company) {
    Set<LeadSummary> same = byCompany.get(company);
    return same == null ? Set.of() : same;
  }

  public int size() {
    return byId.size();
  }

  public long count(LeadStatus status) {
    return perStatus[status.ordinal()];
  }

  public LeadSummary get(String leadId) {
    return byId.get(leadId);
  }

  public Collection<LeadSummary> all() {
    return byId.values();
  }

  /**
   * Every lead in the order of {@code field}: ascending or descending by value, and in both
   * directions the leads without a value last (ties by id in the same direction).
   */
  public Iterator<LeadSummary> inOrder(IndexedField field, boolean ascending) {
    NavigableSet<LeadSummary> set = ordered.get(field);
    if (ascending) {
      return set.iterator();
    }
    LeadSummary firstWithout = field.firstWithoutValue();
    Iterator<LeadSummary> withValue = set.headSet(firstWithout, false).descendingIterator();
    Iterator<LeadSummary> without = set.tailSet(firstWithout, true).descendingIterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return withValue.hasNext() || without.hasNext();
      }

      @Override
      public LeadSummary next() {
        return withValue.hasNext() ? withValue.next() : without.next();
      }
    };
  }

  /** Leads whose value of {@code field} is at least {@code from}, ascending, then those without. */
  public Iterator<LeadSummary> ascendingFrom(IndexedField field, Object from) {
    return ordered.get(field).tailSet(field.probe(from), true).iterator();
  }

  /** Leads whose value of {@code field} is below {@code to}, descending (none without a value). */
  public Iterator<LeadSummary> descendingBelow(IndexedField field, Object to) {
    return ordered.get(field).headSet(field.probe(to), false).descendingIterator();
  }
}
