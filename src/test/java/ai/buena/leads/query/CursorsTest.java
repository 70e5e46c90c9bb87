package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadStatus;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CursorsTest {
  private static final LeadQuery BY_CREATED = LeadQuery.defaults();
  private static final LeadQuery BY_FIRST_NAME =
      LeadQuery.builder().sortBy(SortField.FIRST_NAME).sortOrder(SortOrder.ASC).build();
  /** Where the time value of a time cursor starts: version, fingerprint, value type. */
  private static final int TIME_OFFSET = 1 + 8 + 1;

  @Test
  void shouldRefuseACursorWhoseTimeIsBeyondInstantRange() {
    String real = Cursors.encode(BY_CREATED, new SortKey(Instant.parse("2024-01-01T00:00:00Z"), "lead_1"));
    byte[] bytes = Base64.getUrlDecoder().decode(real);
    ByteBuffer.wrap(bytes, TIME_OFFSET, 12).putLong(Long.MAX_VALUE).putInt(1_000_000_000);
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

    assertThat(Cursors.decode(forged, BY_CREATED)).isEmpty();
  }

  @Test
  void shouldRefuseACursorWhoseNanosAreNegative() {
    String real = Cursors.encode(BY_CREATED, new SortKey(Instant.parse("2024-01-01T00:00:00Z"), "lead_1"));
    byte[] bytes = Base64.getUrlDecoder().decode(real);
    ByteBuffer.wrap(bytes, TIME_OFFSET + 8, 4).putInt(-1);

    assertThat(Cursors.decode(Base64.getUrlEncoder().encodeToString(bytes), BY_CREATED)).isEmpty();
  }

  @Test
  void shouldKeepTheExtremeInstantsOfARealCursor() {
    for (Instant time : new Instant[] {Instant.MIN, Instant.MAX, Instant.EPOCH}) {
      SortKey position = new SortKey(time, "lead_1");

      assertThat(Cursors.decode(Cursors.encode(BY_CREATED, position), BY_CREATED)).contains(position);
    }
  }

  @Test
  void shouldKeepEveryCodeUnitOfTheSortValueEvenALoneSurrogate() {
    for (String name : new String[] {"a\uD800b", "\uDC00", "𝔄lpha", "e\u0301", "\uFFFF", "", "?"}) {
      SortKey position = new SortKey(name, "lead_1");

      assertThat(Cursors.decode(Cursors.encode(BY_FIRST_NAME, position), BY_FIRST_NAME))
          .as(name)
          .contains(position);
    }
  }

  @Test
  void shouldRefuseTheCursorOfAQueryWithoutCompanyForCompanyNull() {
    LeadQuery companyNull = LeadQuery.builder().company("NULL").build();
    String cursor = Cursors.encode(BY_CREATED, new SortKey(Instant.EPOCH, "lead_1"));

    assertThat(Cursors.decode(cursor, companyNull)).isEmpty();
  }

  @Test
  void shouldRefuseTheCursorOfTwoSearchTermsForOneTermHoldingTheirSeparator() {
    LeadQuery twoTerms = LeadQuery.builder().searchTerms(List.of("ab", "cd")).build();
    LeadQuery oneTerm = LeadQuery.builder().searchTerms(List.of("ab\u0001cd")).build();
    String cursor = Cursors.encode(twoTerms, new SortKey(Instant.EPOCH, "lead_1"));

    assertThat(Cursors.decode(cursor, oneTerm)).isEmpty();
  }

  @Test
  void shouldRefuseTheCursorOfASearchTermNullForNoSearch() {
    LeadQuery termNull = LeadQuery.builder().searchTerms(List.of("null")).build();
    String cursor = Cursors.encode(termNull, new SortKey(Instant.EPOCH, "lead_1"));

    assertThat(Cursors.decode(cursor, LeadQuery.builder().title("null").build())).isEmpty();
    assertThat(Cursors.decode(cursor, BY_CREATED)).isEmpty();
  }

  @Test
  void shouldStillAcceptCursorsMintedBeforeTheFingerprintToldAbsentFromNull() {
    // minted by the jar of d1a3c01: an export running across a deploy keeps its cursor
    String minted = "AgGW4WucnM5FAgAAAABlkgCAAAAAAAAAAAYAbABlAGEAZABfADE";
    LeadQuery q = LeadQuery.builder().status(LeadStatus.NEW).searchTerms(List.of("jo", "ab")).build();

    assertThat(Cursors.decode(minted, q))
        .contains(new SortKey(Instant.parse("2024-01-01T00:00:00Z"), "lead_1"));
  }

  @Test
  void shouldDecodeEveryByteStringToAPositionOrNothingWithoutThrowing() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    byte[] real =
        Base64.getUrlDecoder()
            .decode(Cursors.encode(BY_FIRST_NAME, new SortKey("anna", "lead_1")));
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes =
          random.nextBoolean() ? real.clone() : new byte[random.nextInt(real.length * 2)];
      if (random.nextBoolean()) {
        random.nextBytes(bytes);
      } else if (bytes.length > 0) {
        for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
          bytes[random.nextInt(bytes.length)] = (byte) random.nextInt();
        }
      }
      String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      try {
        Cursors.decode(cursor, BY_FIRST_NAME);
        Cursors.decode(cursor, BY_CREATED);
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + seed + ", cursor " + cursor, e);
      }
    }
  }
}
