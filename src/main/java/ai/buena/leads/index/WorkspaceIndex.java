package ai.buena.leads.index;

import ai.buena.leads.events.LeadStatus;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One workspace's leads within one partition: by id, in the order of every {@link IndexedField},
 * by company, and counted per status. Each lead has one {@link Slot} that every structure shares,
 * so a change touches only the orders whose key it changes. Not thread-safe: {@link
 * PartitionIndex} guards it.
 */
public final class WorkspaceIndex {
  private final Map<String, Slot> byId = new HashMap<>();
  /** Every lead, densely packed, so a scan of all leads walks an array, not a hash map. */
  private final java.util.ArrayList<LeadSummary> dense = new java.util.ArrayList<>();
  private final Map<IndexedField, TreeSet<Slot>> ordered = new EnumMap<>(IndexedField.class);
  private final long[] perStatus = new long[LeadStatus.values().length];
  private final Map<String, Set<Slot>> byCompany = new HashMap<>();

  /** A lead's place in the structures; its summary changes in place while its keys stay. */
  private static final class Slot {
    LeadSummary lead;
    int position = -1;

    Slot(LeadSummary lead) {
      this.lead = lead;
    }
  }

  WorkspaceIndex() {
    for (IndexedField field : IndexedField.values()) {
      Comparator<LeadSummary> ascending = field.ascending();
      ordered.put(field, new TreeSet<>((a, b) -> ascending.compare(a.lead, b.lead)));
    }
  }

  void put(LeadSummary lead) {
    Slot slot = byId.get(lead.id());
    if (slot == null) {
      slot = new Slot(lead);
      slot.position = dense.size();
      dense.add(lead);
      byId.put(lead.id(), slot);
      perStatus[lead.status().ordinal()]++;
      addToCompany(slot);
      for (TreeSet<Slot> set : ordered.values()) {
        set.add(slot);
      }
      return;
    }
    LeadSummary previous = slot.lead;
    perStatus[previous.status().ordinal()]--;
    perStatus[lead.status().ordinal()]++;
    boolean companyMoves = !Objects.equals(previous.company(), lead.company());
    if (companyMoves) {
      removeFromCompany(slot);
    }
    EnumMap<IndexedField, TreeSet<Slot>> moved = new EnumMap<>(IndexedField.class);
    for (Map.Entry<IndexedField, TreeSet<Slot>> order : ordered.entrySet()) {
      IndexedField field = order.getKey();
      if (!Objects.equals(previous.value(field), lead.value(field))) {
        order.getValue().remove(slot);
        moved.put(field, order.getValue());
      }
    }
    slot.lead = lead;
    dense.set(slot.position, lead);
    for (TreeSet<Slot> set : moved.values()) {
      set.add(slot);
    }
    if (companyMoves) {
      addToCompany(slot);
    }
  }

  void remove(String leadId) {
    Slot slot = byId.remove(leadId);
    if (slot == null) {
      return;
    }
    LeadSummary last = dense.remove(dense.size() - 1);
    if (slot.position < dense.size()) {
      dense.set(slot.position, last);
      byId.get(last.id()).position = slot.position;
    }
    perStatus[slot.lead.status().ordinal()]--;
    removeFromCompany(slot);
    for (TreeSet<Slot> set : ordered.values()) {
      set.remove(slot);
    }
  }

  private void addToCompany(Slot slot) {
    if (slot.lead.company() != null) {
      byCompany.computeIfAbsent(slot.lead.company(), c -> new HashSet<>()).add(slot);
    }
  }

  private void removeFromCompany(Slot slot) {
    String company = slot.lead.company();
    if (company == null) {
      return;
    }
    Set<Slot> same = byCompany.get(company);
    if (same != null && same.remove(slot) && same.isEmpty()) {
      byCompany.remove(company);
    }
  }

  public int size() {
    return byId.size();
  }

  public long count(LeadStatus status) {
    return perStatus[status.ordinal()];
  }

  public Iterable<LeadSummary> all() {
    return dense;
  }

  /** The leads whose lower-cased company equals {@code company} (already lower-cased). */
  public Iterable<LeadSummary> withCompany(String company) {
    Set<Slot> same = byCompany.getOrDefault(company, Set.of());
    return () -> leads(same.iterator());
  }

  /**
   * Every lead in the order of {@code field}: ascending or descending by value, and in both
   * directions the leads without a value last (ties by id in the same direction).
   */
  public Iterator<LeadSummary> inOrder(IndexedField field, boolean ascending) {
    NavigableSet<Slot> set = ordered.get(field);
    if (ascending) {
      return leads(set.iterator());
    }
    Slot firstWithout = new Slot(field.firstWithoutValue());
    Iterator<Slot> withValue = set.headSet(firstWithout, false).descendingIterator();
    Iterator<Slot> without = set.tailSet(firstWithout, true).descendingIterator();
    return leads(
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return withValue.hasNext() || without.hasNext();
          }

          @Override
          public Slot next() {
            return withValue.hasNext() ? withValue.next() : without.next();
          }
        });
  }

  /**
   * The leads strictly after {@code position} in the order of {@code field} and direction (leads
   * without a value last in both directions), as {@link #inOrder} walks them.
   */
  public Iterator<LeadSummary> after(IndexedField field, boolean ascending, LeadSummary position) {
    TreeSet<Slot> set = ordered.get(field);
    Slot at = new Slot(position);
    if (ascending) {
      return leads(set.tailSet(at, false).iterator());
    }
    Slot firstWithout = new Slot(field.firstWithoutValue());
    if (position.value(field) == null) {
      return leads(set.subSet(firstWithout, true, at, false).descendingIterator());
    }
    Iterator<Slot> withValue = set.headSet(at, false).descendingIterator();
    Iterator<Slot> without = set.tailSet(firstWithout, true).descendingIterator();
    return leads(concat(withValue, without));
  }

  private static Iterator<Slot> concat(Iterator<Slot> first, Iterator<Slot> then) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return first.hasNext() || then.hasNext();
      }

      @Override
      public Slot next() {
        return first.hasNext() ? first.next() : then.next();
      }
    };
  }

  /** Leads whose value of {@code field} is at least {@code from}, ascending, then those without. */
  public Iterator<LeadSummary> ascendingFrom(IndexedField field, Object from) {
    return leads(ordered.get(field).tailSet(new Slot(field.probe(from)), true).iterator());
  }

  /** Leads whose value of {@code field} is below {@code to}, descending (none without a value). */
  public Iterator<LeadSummary> descendingBelow(IndexedField field, Object to) {
    return leads(ordered.get(field).headSet(new Slot(field.probe(to)), false).descendingIterator());
  }

  private static Iterator<LeadSummary> leads(Iterator<Slot> slots) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return slots.hasNext();
      }

      @Override
      public LeadSummary next() {
        return slots.next().lead;
      }
    };
  }
}
