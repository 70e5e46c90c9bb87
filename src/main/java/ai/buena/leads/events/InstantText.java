package ai.buena.leads.events;

import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#toString} and {@link Instant#parse} for the form a lead's instants take in JSON
 * ({@code 2024-01-15T10:30:00Z}, {@code 2024-01-15T10:30:00.123Z}, years 0000–9999), without the
 * general formatter: that took about 5 µs per instant here, and each lead read or written has up
 * to three (and the event parser reads each event's {@code occurredAt}). Same text and same instants
 * as the JDK's; anything else goes to the JDK.
 */
public final class InstantText {
  private static final long SECONDS_PER_DAY = 86_400;
  /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the years written with four digits. */
  private static final long MIN_SECOND = LocalDate.of(0, 1, 1).toEpochDay() * SECONDS_PER_DAY;
  private static final long END_SECOND = LocalDate.of(10_000, 1, 1).toEpochDay() * SECONDS_PER_DAY;

  private InstantText() {}

  /** Exactly {@code instant.toString()}. */
  public static String format(Instant instant) {
    long seconds = instant.getEpochSecond();
    if (seconds < MIN_SECOND || seconds >= END_SECOND) {
      return instant.toString();
    }
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
    int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
    int nano = instant.getNano();
    char[] out = new char[31];
    digits(out, 0, date.getYear(), 4);
    out[4] = '-';
    digits(out, 5, date.getMonthValue(), 2);
    out[7] = '-';
    digits(out, 8, date.getDayOfMonth(), 2);
    out[10] = 'T';
    digits(out, 11, secondOfDay / 3600, 2);
    out[13] = ':';
    digits(out, 14, secondOfDay / 60 % 60, 2);
    out[16] = ':';
    digits(out, 17, secondOfDay % 60, 2);
    int at = 19;
    if (nano > 0) {
      out[at++] = '.';
      // as ISO_INSTANT: 3, 6 or 9 digits, whichever is the fewest that keep every one
      if (nano % 1_000_000 == 0) {
        digits(out, at, nano / 1_000_000, 3);
        at += 3;
      } else if (nano % 1_000 == 0) {
        digits(out, at, nano / 1_000, 6);
        at += 6;
      } else {
        digits(out, at, nano, 9);
        at += 9;
      }
    }
    out[at++] = 'Z';
    return new String(out, 0, at);
  }

  /** Exactly {@code Instant.parse(text)}, including its exceptions. */
  public static Instant parse(String text) {
    Instant canonical = canonical(text);
    return canonical != null ? canonical : Instant.parse(text);
  }

  /**
   * The instant of a valid {@code yyyy-MM-ddTHH:mm:ss[.f]Z} text with a four-digit year and a second
   * below 60, which every ISO 8601 parser reads alike; null for any other text (the caller's parser
   * decides).
   */
  public static Instant canonical(String text) {
    int length = text.length();
    if (length < 20
        || length > 30
        || length == 21
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || text.charAt(length - 1) != 'Z'
        || (length > 20 && text.charAt(19) != '.')) {
      return null;
    }
    int year = number(text, 0, 4);
    int month = number(text, 5, 7);
    int day = number(text, 8, 10);
    int hour = number(text, 11, 13);
    int minute = number(text, 14, 16);
    int second = number(text, 17, 19);
    int nano = 0;
    if (length > 20) {
      nano = number(text, 20, length - 1);
      for (int digits = length - 21; digits < 9 && nano >= 0; digits++) {
        nano *= 10;
      }
    }
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || nano < 0) {
      return null;
    }
    long days = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(
        days * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nano);
  }

  /** The decimal number in {@code text[from, to)}, or -1 if a char is not a digit. */
  private static int number(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static void digits(char[] out, int at, int value, int count) {
    for (int i = at + count - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
