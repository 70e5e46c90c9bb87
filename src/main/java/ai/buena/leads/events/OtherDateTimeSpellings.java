package ai.buena.leads.events;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an {@code occurredAt} with an offset, RFC 3339's spelling and those that name one instant
 * as unambiguously but that Java's {@code ISO_OFFSET_DATE_TIME} does not read, as producers in
 * other languages write them:
 *
 * <ul>
 *   <li>a space for the {@code T} (RFC 3339 §5.6 allows it; Python's {@code str(datetime)},
 *       PostgreSQL's text output);
 *   <li>a comma before the fraction of a second (ISO 8601's preferred decimal sign);
 *   <li>a fraction of more than nine digits (RFC 3339 and ISO 8601 set no bound; .NET's and
 *       others' clocks print ten or more), cut to the nanoseconds an instant holds;
 *   <li>an offset without its colon, {@code +0000} (PHP's {@code DATE_ISO8601}, Java's {@code
 *       SimpleDateFormat} {@code Z}, C's and Python's {@code %z});
 *   <li>{@code 24:00:00}, ISO 8601's end of a day: the next day's {@code 00:00:00};
 *   <li>a leap second, second {@code 60} (RFC 3339 allows it), when it is the last second of June
 *       or December in UTC, where leap seconds are inserted: read as second {@code 59}, as Java's
 *       {@code Instant.parse} does.
 * </ul>
 *
 * A date-time without an offset stays unreadable: it names no instant.
 */
final class OtherDateTimeSpellings {
  private static final Pattern DATE_TIME =
      Pattern.compile(
          "(\\d{4}-\\d{2}-\\d{2})[Tt ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?"
              + "([Zz]|[+-]\\d{2}(?::?\\d{2})?)");
  private static final Pattern ZEROS = Pattern.compile("0*");
  private static final int SECONDS_PER_DAY = 86_400;
  private static final int NANO_DIGITS = 9;

  private OtherDateTimeSpellings() {}

  /**
   * The instant {@code text} names, or null when it is not a date-time with an offset of these
   * spellings (an offset with seconds, {@code +01:30:00}, is left to {@code OffsetDateTime}).
   */
  static Instant read(String text) {
    Matcher parts = DATE_TIME.matcher(text);
    if (!parts.matches()) {
      return null;
    }
    String hour = parts.group(2);
    String minute = parts.group(3);
    String second = parts.group(4) == null ? "00" : parts.group(4);
    String fraction = parts.group(5);
    boolean endOfDay = hour.equals("24");
    if (endOfDay
        && !(minute.equals("00")
            && second.equals("00")
            && (fraction == null || ZEROS.matcher(fraction).matches()))) {
      return null;
    }
    if (fraction != null && fraction.length() > NANO_DIGITS) {
      fraction = fraction.substring(0, NANO_DIGITS);
    }
    String iso =
        parts.group(1)
            + 'T'
            + (endOfDay ? "00" : hour)
            + ':'
            + minute
            + ':'
            + (second.equals("60") ? "59" : second)
            + (fraction == null ? "" : "." + fraction)
            + offset(parts.group(6));
    Instant instant;
    try {
      instant = OffsetDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
    if (second.equals("60") && !endsAJuneOrADecember(instant)) {
      return null;
    }
    return endOfDay ? instant.plus(Duration.ofDays(1)) : instant;
  }

  /** Whether {@code instant} lies in the last second of June or December in UTC. */
  private static boolean endsAJuneOrADecember(Instant instant) {
    LocalDateTime utc = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    return (utc.getMonth() == Month.JUNE || utc.getMonth() == Month.DECEMBER)
        && utc.getDayOfMonth() == utc.toLocalDate().lengthOfMonth()
        && utc.toLocalTime().toSecondOfDay() == SECONDS_PER_DAY - 1;
  }

  private static String offset(String offset) {
    if (offset.equalsIgnoreCase("z")) {
      return "Z";
    }
    if (offset.length() == 5) {
      return offset.substring(0, 3) + ':' + offset.substring(3);
    }
    return offset;
  }
}
