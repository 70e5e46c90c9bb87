package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.lead.Lead;
import ai.buena.leads.testing.Gen;
import ai.buena.leads.testing.Seeded;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LeadOrderPropertiesTest {
  private static final Gen<Lead> LEADS = RandomLeads.leads();
  private static final Gen<SortField> FIELDS = Gen.of(SortField.class);
  private static final Gen<SortOrder> ORDERS = Gen.of(SortOrder.class);
  private static final Gen<SortField> FIELDS_THAT_MAY_BE_MISSING =
      Gen.of(
          SortField.FIRST_NAME, SortField.LAST_NAME, SortField.COMPANY, SortField.LAST_CONTACTED_AT);

  @Test
  void shouldBeAntisymmetric() {
    Seeded.check(
        2000,
        random -> {
          Comparator<Lead> comparator = comparator(random);
          Lead a = LEADS.next(random);
          Lead b = LEADS.next(random);

          assertThat(Integer.signum(comparator.compare(a, b)))
              .as("%s vs %s", a, b)
              .isEqualTo(-Integer.signum(comparator.compare(b, a)));
        });
  }

  @Test
  void shouldNeverFindLeadsWithDistinctIdsEqual() {
    Seeded.check(
        2000,
        random -> {
          Comparator<Lead> comparator = comparator(random);
          Lead a = LEADS.next(random);
          Lead b = LEADS.filter(lead -> !lead.id().equals(a.id())).next(random);

          assertThat(comparator.compare(a, b)).as("%s vs %s", a, b).isNotZero();
        });
  }

  @Test
  void shouldFindALeadEqualToItself() {
    Seeded.check(
        1000,
        random -> {
          Comparator<Lead> comparator = comparator(random);
          Lead a = LEADS.next(random);

          assertThat(comparator.compare(a, a)).as("%s", a).isZero();
        });
  }

  @Test
  void shouldBeTransitive() {
    Seeded.check(
        2000,
        random -> {
          Comparator<Lead> comparator = comparator(random);
          Lead a = LEADS.next(random);
          Lead b = LEADS.next(random);
          Lead c = LEADS.next(random);

          for (List<Lead> triple : permutations(a, b, c)) {
            Lead x = triple.get(0);
            Lead y = triple.get(1);
            Lead z = triple.get(2);
            if (comparator.compare(x, y) < 0 && comparator.compare(y, z) < 0) {
              assertThat(comparator.compare(x, z)).as("%s < %s < %s", x, y, z).isNegative();
            }
          }
        });
  }

  @Test
  void shouldOrderEveryPairOfASortedListOfDistinctIds() {
    Seeded.check(
        1000,
        random -> {
          Comparator<Lead> comparator = comparator(random);
          List<Lead> sorted = new ArrayList<>(distinctIds(LEADS.list(0, 255).next(random)));
          sorted.sort(comparator);

          List<String> unordered = new ArrayList<>();
          for (int i = 0; i < sorted.size(); i++) {
            for (int j = i + 1; j < sorted.size(); j++) {
              if (comparator.compare(sorted.get(i), sorted.get(j)) >= 0) {
                unordered.add(sorted.get(i) + " is not before " + sorted.get(j));
              }
            }
          }
          assertThat(unordered).isEmpty();
        });
  }

  @Test
  void shouldPutMissingValuesAfterPresentOnesInBothDirections() {
    Seeded.check(
        1000,
        random -> {
          SortField field = FIELDS_THAT_MAY_BE_MISSING.next(random);
          SortOrder order = ORDERS.next(random);
          Lead present = LEADS.filter(lead -> value(lead, field) != null).next(random);
          Lead missing = LEADS.filter(lead -> value(lead, field) == null).next(random);

          assertThat(LeadOrder.comparator(field, order).compare(present, missing))
              .as("%s %s: %s vs %s", field, order, present, missing)
              .isNegative();
        });
  }

  @Test
  void shouldReverseBetweenPresentValuesWhenTheDirectionFlips() {
    Seeded.check(
        1000,
        random -> {
          SortField field = FIELDS.next(random);
          Gen<Lead> present = LEADS.filter(lead -> value(lead, field) != null);
          Lead a = present.next(random);
          Lead b = present.next(random);

          assertThat(LeadOrder.comparator(field, SortOrder.DESC).compare(a, b))
              .as("%s: %s vs %s", field, a, b)
              .isEqualTo(-LeadOrder.comparator(field, SortOrder.ASC).compare(a, b));
        });
  }

  private static Comparator<Lead> comparator(Random random) {
    return LeadOrder.comparator(FIELDS.next(random), ORDERS.next(random));
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
