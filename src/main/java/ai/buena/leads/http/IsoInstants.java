package ai.buena.leads.http;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the ISO 8601 forms the leads API accepts, and nothing else:
 *
 * <ul>
 *   <li>a calendar date {@code 2024-01-20}, meaning 00:00:00 UTC that day;
 *   <li>a date-time in UTC {@code 2024-01-20T15:30:00Z};
 *   <li>a date-time with an offset {@code 2024-01-20T15:30:00+02:00}.
 * </ul>
 *
 * <p>Seconds are required; a fraction of a second has 1 to 9 digits. {@code T} and {@code Z} are
 * upper case. The year has four digits. Impossible dates and times ({@code 2024-02-30}, {@code
 * 24:00:00}, offsets beyond ±18:00) are rejected. A date-time without a zone is rejected: it does
 * not name an instant.
 */
public final class IsoInstants {

  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern DATE_TIME =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");

  private IsoInstants() {}

  public static Optional<Instant> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      if (DATE.matcher(text).matches()) {
        return Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
      }
      if (DATE_TIME.matcher(text).matches()) {
        return Optional.of(OffsetDateTime.parse(text).toInstant());
      }
    } catch (DateTimeException impossibleDateOrTime) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
