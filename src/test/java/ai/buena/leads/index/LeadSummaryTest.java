package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.testing.Seeded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LeadSummaryTest {
  private static final Instant CREATED = Instant.parse("2024-01-01T10:00:00Z");
  private static final Instant LATER = Instant.parse("2024-02-01T10:00:00Z");

  private static LeadSummary summary(Instant createdAt, Instant updatedAt, Instant contactedAt) {
    return new LeadSummary(
        "lead-1", null, null, "ann", "lee", null, "acme", null, createdAt, updatedAt, contactedAt);
  }

  @Test
  void shouldKeepDistinctInstantsAsGiven() {
    LeadSummary lead = summary(CREATED, LATER, null);

    assertThat(lead.createdAt()).isEqualTo(CREATED);
    assertThat(lead.updatedAt()).isEqualTo(LATER);
    assertThat(lead.lastContactedAt()).isNull();
  }

  @Test
  void shouldGiveBackEveryInstantToTheNanosecondOrNone() {
    Seeded.check(
        200,
        random -> {
          Instant created = randomInstant(random);
          Instant updated = random.nextInt(4) == 0 ? null : randomInstant(random);
          Instant contacted = random.nextInt(3) == 0 ? null : randomInstant(random);

          LeadSummary lead = summary(created, updated, contacted);

          assertThat(lead.createdAt()).isEqualTo(created);
          assertThat(lead.updatedAt()).isEqualTo(updated);
          assertThat(lead.lastContactedAt()).isEqualTo(contacted);
          assertThat(lead.value(IndexedField.LAST_CONTACTED_AT)).isEqualTo(contacted);
          assertThat(IndexedField.LAST_CONTACTED_AT.hasValue(lead)).isEqualTo(contacted != null);
        });
  }

  @Test
  void shouldCompareItsInstantsWithAGivenOneAsInstantsDoWithNoneAfterEvery() {
    Seeded.check(
        300,
        random -> {
          for (IndexedField field :
              List.of(IndexedField.CREATED_AT, IndexedField.UPDATED_AT, IndexedField.LAST_CONTACTED_AT)) {
            Instant time = random.nextInt(4) == 0 ? null : randomInstant(random);
            Instant other = near(random, time);
            Instant after = random.nextBoolean() ? null : near(random, time);
            Instant before = random.nextBoolean() ? null : near(random, time);

            LeadSummary lead =
                summary(
                    field == IndexedField.CREATED_AT ? time : CREATED,
                    field == IndexedField.UPDATED_AT ? time : LATER,
                    field == IndexedField.LAST_CONTACTED_AT ? time : null);

            assertThat(lead.hasTime(field)).isEqualTo(time != null);
            assertThat(Integer.signum(lead.compareTimeTo(field, other)))
                .isEqualTo(time == null ? 1 : Integer.signum(time.compareTo(other)));
            assertThat(lead.timeWithin(field, after, before))
                .isEqualTo(
                    time != null
                        && (after == null || time.isAfter(after))
                        && (before == null || time.isBefore(before)));
          }
        });
  }

  /** {@code time} itself, another instant in its second, or any instant. */
  private static Instant near(Random random, Instant time) {
    if (time == null || random.nextInt(3) == 0) {
      return randomInstant(random);
    }
    return random.nextBoolean()
        ? time
        : Instant.ofEpochSecond(time.getEpochSecond(), random.nextInt(1_000_000_000));
  }

  @Test
  void shouldOrderTimeFieldsAsTheirInstantsThenIdsWithNoneLast() {
    Seeded.check(
        50,
        random -> {
          List<Instant> instants = new ArrayList<>();
          for (int i = 0; i < 6; i++) {
            instants.add(randomInstant(random));
          }
          for (int i = 0; i < 200; i++) {
            Instant timeA = pick(random, instants);
            Instant timeB = pick(random, instants);
            String idA = "lead-" + random.nextInt(4);
            String idB = "lead-" + random.nextInt(4);
            LeadSummary a = new LeadSummary(idA, null, null, null, null, null, null, null, CREATED, CREATED, timeA);
            LeadSummary b = new LeadSummary(idB, null, null, null, null, null, null, null, CREATED, CREATED, timeB);

            int expected = IndexedField.compare(timeA, idA, timeB, idB, true);

            assertThat(Integer.signum(IndexedField.LAST_CONTACTED_AT.ascending().compare(a, b)))
                .as("%s %s against %s %s", timeA, idA, timeB, idB)
                .isEqualTo(Integer.signum(expected));
            assertThat(Integer.signum(IndexedField.LAST_CONTACTED_AT.inAnswerOrder(false).compare(a, b)))
                .as("descending: %s %s against %s %s", timeA, idA, timeB, idB)
                .isEqualTo(Integer.signum(IndexedField.compare(timeA, idA, timeB, idB, false)));
          }
        });
  }

  @Test
  void shouldTellWhetherATimeIsStrictlyBetweenItsBoundsAsInstantsDo() {
    Seeded.check(
        50,
        random -> {
          List<Instant> instants = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            instants.add(randomInstant(random));
          }
          for (int i = 0; i < 200; i++) {
            Instant time = pick(random, instants);
            Instant after = pick(random, instants);
            Instant before = pick(random, instants);
            LeadSummary lead = summary(CREATED, CREATED, time);

            boolean expected =
                time != null
                    && (after == null || time.isAfter(after))
                    && (before == null || time.isBefore(before));

            assertThat(lead.timeWithin(IndexedField.LAST_CONTACTED_AT, after, before))
                .as("%s after %s before %s", time, after, before)
                .isEqualTo(expected);
          }
        });
  }

  /** An instant or none, from a few shared seconds and nanos so that ties and near-ties occur. */
  private static Instant pick(Random random, List<Instant> instants) {
    return random.nextInt(5) == 0 ? null : instants.get(random.nextInt(instants.size()));
  }

  /** Any instant: negative and far seconds, nanos from 0 to the last. */
  private static Instant randomInstant(Random random) {
    long seconds =
        switch (random.nextInt(4)) {
          case 0 -> Instant.MIN.getEpochSecond() + random.nextInt(1_000);
          case 1 -> Instant.MAX.getEpochSecond() - random.nextInt(1_000);
          case 2 -> -random.nextInt(1_000_000);
          default -> 1_700_000_000L + random.nextInt(1_000);
        };
    int nanos = random.nextBoolean() ? random.nextInt(1_000_000_000) : random.nextInt(3) * 499_999_999;
    return Instant.ofEpochSecond(seconds, nanos);
  }

  @Test
  void shouldSortTextWithSupplementaryCharactersByCodePoint() {
    LeadSummary plain = summary(CREATED, CREATED, null);
    LeadSummary privateUse =
        new LeadSummary(
            "lead-2", null, null, "\uE000", null, null, null, null, CREATED, CREATED, null);
    LeadSummary astral =
        new LeadSummary(
            "lead-3", null, null, "\uD83D\uDE00", null, null, null, null, CREATED, CREATED, null);

    assertThat(IndexedField.FIRST_NAME.ascending().compare(privateUse, astral)).isNegative();
    assertThat(IndexedField.FIRST_NAME.ascending().compare(plain, privateUse)).isNegative();
  }
}
