package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.lead.Lead;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class LeadOrderPropertiesTest {

  @Provide
  Arbitrary<Lead> leads() {
    return LeadArbitraries.leads();
  }

  @Property(tries = 2000)
  void shouldBeAntisymmetric(
      @ForAll SortField field,
      @ForAll SortOrder order,
      @ForAll("leads") Lead a,
      @ForAll("leads") Lead b) {
    Comparator<Lead> comparator = LeadOrder.comparator(field, order);

    assertThat(Integer.signum(comparator.compare(a, b)))
        .isEqualTo(-Integer.signum(comparator.compare(b, a)));
  }

  @Property(tries = 2000)
  void shouldNeverFindLeadsWithDistinctIdsEqual(
      @ForAll SortField field,
      @ForAll SortOrder order,
      @ForAll("leads") Lead a,
      @ForAll("leads") Lead b) {
    Assume.that(!a.id().equals(b.id()));

    assertThat(LeadOrder.comparator(field, order).compare(a, b)).isNotZero();
  }

  @Property
  void shouldFindALeadEqualToItself(
      @ForAll SortField field, @ForAll SortOrder order, @ForAll("leads") Lead a) {
    assertThat(LeadOrder.comparator(field, order).compare(a, a)).isZero();
  }

  @Property(tries = 2000)
  void shouldBeTransitive(
      @ForAll SortField field,
      @ForAll SortOrder order,
      @ForAll("leads") Lead a,
      @ForAll("leads") Lead b,
      @ForAll("leads") Lead c) {
    Comparator<Lead> comparator = LeadOrder.comparator(field, order);

    for (List<Lead> triple : permutations(a, b, c)) {
      Lead x = triple.get(0);
      Lead y = triple.get(1);
      Lead z = triple.get(2);
      if (comparator.compare(x, y) < 0 && comparator.compare(y, z) < 0) {
        assertThat(comparator.compare(x, z)).isNegative();
      }
    }
  }

  @Property
  void shouldOrderEveryPairOfASortedListOfDistinctIds(
      @ForAll SortField field, @ForAll SortOrder order, @ForAll List<@From("leads") Lead> leads) {
    Comparator<Lead> comparator = LeadOrder.comparator(field, order);
    List<Lead> sorted = new ArrayList<>(distinctIds(leads));
    sorted.sort(comparator);

    for (int i = 0; i < sorted.size(); i++) {
      for (int j = i + 1; j < sorted.size(); j++) {
        assertThat(comparator.compare(sorted.get(i), sorted.get(j))).isNegative();
      }
    }
  }

  @Provide
  Arbitrary<SortField> fieldsThatMayBeMissing() {
    return Arbitraries.of(
        SortField.FIRST_NAME, SortField.LAST_NAME, SortField.COMPANY, SortField.LAST_CONTACTED_AT);
  }

  @Property(maxDiscardRatio = 20)
  void shouldPutMissingValuesAfterPresentOnesInBothDirections(
      @ForAll("fieldsThatMayBeMissing") SortField field,
      @ForAll SortOrder order,
      @ForAll("leads") Lead a,
      @ForAll("leads") Lead b) {
    Assume.that(value(a, field) != null && value(b, field) == null);

    assertThat(LeadOrder.comparator(field, order).compare(a, b)).isNegative();
  }

  @Property
  void shouldReverseBetweenPresentValuesWhenTheDirectionFlips(
      @ForAll SortField field, @ForAll("leads") Lead a, @ForAll("leads") Lead b) {
    Assume.that(value(a, field) != null && value(b, field) != null);

    assertThat(LeadOrder.comparator(field, SortOrder.DESC).compare(a, b))
        .isEqualTo(-LeadOrder.comparator(field, SortOrder.ASC).compare(a, b));
  }

  private static Object value(Lead lead, SortField field) {
    return LeadOrder.sortKey(lead, field).value();
  }

  private static List<List<Lead>> permutations(Lead a, Lead b, Lead c) {
    return List.of(
        List.of(a, b, c),
        List.of(a, c, b),
        List.of(b, a, c),
        List.of(b, c, a),
        List.of(c, a, b),
        List.of(c, b, a));
  }

  private static List<Lead> distinctIds(List<Lead> leads) {
    List<Lead> distinct = new ArrayList<>();
    for (Lead lead : leads) {
      if (distinct.stream().noneMatch(seen -> seen.id().equals(lead.id()))) {
        distinct.add(lead);
      }
    }
    return distinct;
  }
}
