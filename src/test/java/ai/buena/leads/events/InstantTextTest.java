package ai.buena.leads.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.buena.leads.testing.Seeded;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InstantTextTest {
  /** -99999-01-01 to +99999-12-31: beyond the four-digit years the fast path covers. */
  private static final long MIN_SECOND = Instant.parse("-99999-01-01T00:00:00Z").getEpochSecond();
  private static final long MAX_SECOND = Instant.parse("+99999-12-31T23:59:59Z").getEpochSecond();
  private static final long YEAR_0 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
  private static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();

  @Test
  void shouldFormatEveryInstantAsTheJdkDoes() {
    Seeded.check(
        20,
        random -> {
          for (int i = 0; i < 5_000; i++) {
            Instant instant = randomInstant(random);
            assertThat(InstantText.format(instant)).isEqualTo(instant.toString());
          }
        });
  }

  @Test
  void shouldParseWhatTheJdkWritesAsTheJdkDoes() {
    Seeded.check(
        20,
        random -> {
          for (int i = 0; i < 5_000; i++) {
            String text = randomInstant(random).toString();
            assertThat(InstantText.parse(text)).as(text).isEqualTo(Instant.parse(text));
          }
        });
  }

  @Test
  void shouldParseFractionsOfAnyLengthAsTheJdkDoes() {
    for (String text :
        List.of(
            "2024-01-15T10:30:00.Z",
            "2024-01-15T10:30:00.5Z",
            "2024-01-15T10:30:00.12Z",
            "2024-01-15T10:30:00.1234Z",
            "2024-01-15T10:30:00.00000001Z",
            "2024-02-29T23:59:59.999999999Z")) {
      assertThat(InstantText.parse(text)).as(text).isEqualTo(Instant.parse(text));
    }
  }

  @Test
  void shouldRejectWhatTheJdkRejects() {
    for (String text :
        List.of(
            "2023-02-29T10:30:00Z",
            "2024-13-01T10:30:00Z",
            "2024-01-15T10:30:00",
            "2024-01-15T10:3a:00Z",
            "2024-01-15 10:30:00Z")) {
      assertThatThrownBy(() -> InstantText.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
    }
  }

  @Test
  void shouldReadCanonicalTextsAsAnOffsetDateTimeParserDoes() {
    Seeded.check(
        20,
        random -> {
          for (int i = 0; i < 5_000; i++) {
            String text = randomInstant(random).toString();
            Instant canonical = InstantText.canonical(text);
            if (canonical != null) {
              assertThat(canonical).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
            }
          }
        });
  }

  @Test
  void shouldLeaveTextsOutsideTheCanonicalFormToTheCaller() {
    for (String text :
        List.of(
            "2024-01-15T12:30:00+02:00",
            "2024-01-15T23:59:60Z",
            "+10000-01-01T00:00:00Z",
            "2023-02-29T10:30:00Z",
            "2024-01-15T10:30:00.Z",
            "2024-01-15T10:30:00z")) {
      assertThat(InstantText.canonical(text)).as(text).isNull();
    }
  }

  private static Instant randomInstant(Random random) {
    long seconds =
        switch (random.nextInt(4)) {
          case 0 -> MIN_SECOND + (long) (random.nextDouble() * (MAX_SECOND - MIN_SECOND));
          case 1 -> YEAR_0 + (long) (random.nextDouble() * (YEAR_10000 - YEAR_0));
          case 2 -> random.nextBoolean() ? YEAR_0 + random.nextInt(3) - 1 : YEAR_10000 + random.nextInt(3) - 1;
          default -> 1_600_000_000L + random.nextInt(300_000_000);
        };
    int nanos =
        switch (random.nextInt(4)) {
          case 0 -> 0;
          case 1 -> random.nextInt(1_000) * 1_000_000;
          case 2 -> random.nextInt(1_000_000) * 1_000;
          default -> random.nextInt(1_000_000_000);
        };
    return Instant.ofEpochSecond(seconds, nanos);
  }
}
