package ai.buena.leads.index;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * The part of a lead that queries filter and sort on, with text already lower-cased ({@code
 * Locale.ROOT}), so a query never deserializes a lead it does not return. Made by {@link
 * WorkspaceIndex#summarize}.
 */
public final class LeadSummary {
  /** The nanos of an absent instant. */
  static final int NO_TIME = -1;

  private final String id;
  private final LeadStatus status;
  private final LeadSource source;
  private final String firstName;
  private final String lastName;
  private final String email;
  private final String company;
  private final String title;
  /**
   * The three instants as epoch seconds and nanos, {@link #NO_TIME} nanos for none: primitive
   * fields instead of up to three {@link Instant} objects per lead, of which an index holds
   * millions (fewer objects for a snapshot load to allocate and the collector to copy).
   */
  private final long createdSeconds;
  private final int createdNanos;
  private final long updatedSeconds;
  private final int updatedNanos;
  private final long contactedSeconds;
  private final int contactedNanos;
  /**
   * The sorted text (id, first name, last name, company) recoded for {@link String#compareTo}
   * ({@link #codePointOrdered}); null when every one is its own recoding, as nearly always, so a
   * summary holds one reference for them instead of four.
   */
  private final String[] recoded;
  /** The number {@link WorkspaceIndex} gives this lead in its bitmaps; -1 for a probe. */
  int doc = -1;

  public LeadSummary(
      String id,
      LeadStatus status,
      LeadSource source,
      String firstName,
      String lastName,
      String email,
      String company,
      String title,
      Instant createdAt,
      Instant updatedAt,
      Instant lastContactedAt) {
    this.id = id;
    this.status = status;
    this.source = source;
    this.firstName = firstName;
    this.lastName = lastName;
    this.email = email;
    this.company = company;
    this.title = title;
    this.createdSeconds = seconds(createdAt);
    this.createdNanos = nanos(createdAt);
    this.updatedSeconds = seconds(updatedAt);
    this.updatedNanos = nanos(updatedAt);
    this.contactedSeconds = seconds(lastContactedAt);
    this.contactedNanos = nanos(lastContactedAt);
    this.recoded = recoded(id, firstName, lastName, company);
  }

  /**
   * A summary whose instants are given as epoch seconds and nanos ({@link #NO_TIME} nanos for
   * none), as a snapshot stores them: no {@link Instant} is made to be taken apart again.
   */
  LeadSummary(
      String id,
      LeadStatus status,
      LeadSource source,
      String[] text,
      long[] seconds,
      int[] nanos) {
    this.id = id;
    this.status = status;
    this.source = source;
    this.firstName = text[SearchedField.FIRST_NAME.ordinal()];
    this.lastName = text[SearchedField.LAST_NAME.ordinal()];
    this.email = text[SearchedField.EMAIL.ordinal()];
    this.company = text[SearchedField.COMPANY.ordinal()];
    this.title = text[SearchedField.TITLE.ordinal()];
    this.createdSeconds = seconds[0];
    this.createdNanos = nanos[0];
    this.updatedSeconds = seconds[1];
    this.updatedNanos = nanos[1];
    this.contactedSeconds = seconds[2];
    this.contactedNanos = nanos[2];
    this.recoded = recoded(id, firstName, lastName, company);
  }

  private static long seconds(Instant time) {
    return time == null ? 0 : time.getEpochSecond();
  }

  private static int nanos(Instant time) {
    return time == null ? NO_TIME : time.getNano();
  }

  private static Instant instant(long seconds, int nanos) {
    return nanos == NO_TIME ? null : Instant.ofEpochSecond(seconds, nanos);
  }

  public int doc() {
    return doc;
  }

  public String id() {
    return id;
  }

  public LeadStatus status() {
    return status;
  }

  public LeadSource source() {
    return source;
  }

  public String firstName() {
    return firstName;
  }

  public String lastName() {
    return lastName;
  }

  public String email() {
    return email;
  }

  public String company() {
    return company;
  }

  public String title() {
    return title;
  }

  /** A new {@link Instant} at each call: the summary keeps the time as primitives. */
  public Instant createdAt() {
    return instant(createdSeconds, createdNanos);
  }

  /** A new {@link Instant} at each call, or null. */
  public Instant updatedAt() {
    return instant(updatedSeconds, updatedNanos);
  }

  /** A new {@link Instant} at each call, or null. */
  public Instant lastContactedAt() {
    return instant(contactedSeconds, contactedNanos);
  }

  /** Whether this lead has a value of {@code field}, made into no object. */
  boolean hasValue(IndexedField field) {
    return switch (field) {
      case CREATED_AT -> createdNanos != NO_TIME;
      case UPDATED_AT -> updatedNanos != NO_TIME;
      case LAST_CONTACTED_AT -> contactedNanos != NO_TIME;
      case FIRST_NAME -> firstName != null;
      case LAST_NAME -> lastName != null;
      case COMPANY -> company != null;
    };
  }

  /**
   * This lead's instant of the time field {@code field} against {@code other}'s, as {@link
   * Instant#compareTo} orders them, an absent one after every present one; made into no object.
   */
  int compareTime(IndexedField field, LeadSummary other) {
    return switch (field) {
      case CREATED_AT ->
          compareTimes(createdSeconds, createdNanos, other.createdSeconds, other.createdNanos);
      case UPDATED_AT ->
          compareTimes(updatedSeconds, updatedNanos, other.updatedSeconds, other.updatedNanos);
      case LAST_CONTACTED_AT ->
          compareTimes(contactedSeconds, contactedNanos, other.contactedSeconds, other.contactedNanos);
      default -> throw new IllegalArgumentException(field + " is not a time");
    };
  }

  private static int compareTimes(long secondsA, int nanosA, long secondsB, int nanosB) {
    boolean absentA = nanosA == NO_TIME;
    boolean absentB = nanosB == NO_TIME;
    if (absentA || absentB) {
      return Boolean.compare(absentA, absentB);
    }
    int bySeconds = Long.compare(secondsA, secondsB);
    return bySeconds != 0 ? bySeconds : Integer.compare(nanosA, nanosB);
  }

  /**
   * Whether this lead's instant of the time field {@code field} is strictly after {@code after}
   * and strictly before {@code before} (each when given); false without one. Made into no object.
   */
  public boolean timeWithin(IndexedField field, Instant after, Instant before) {
    return hasTime(field)
        && (after == null || compareTimeTo(field, after) > 0)
        && (before == null || compareTimeTo(field, before) < 0);
  }

  /** Whether this lead has an instant of the time field {@code field}. */
  public boolean hasTime(IndexedField field) {
    return nanosOf(field) != NO_TIME;
  }

  /**
   * This lead's instant of the time field {@code field} against {@code other}, as {@link
   * Instant#compareTo} orders them, an absent one after every instant; made into no object.
   */
  public int compareTimeTo(IndexedField field, Instant other) {
    return compareTimes(secondsOf(field), nanosOf(field), other.getEpochSecond(), other.getNano());
  }

  private long secondsOf(IndexedField field) {
    return switch (field) {
      case CREATED_AT -> createdSeconds;
      case UPDATED_AT -> updatedSeconds;
      case LAST_CONTACTED_AT -> contactedSeconds;
      default -> throw new IllegalArgumentException(field + " is not a time");
    };
  }

  private int nanosOf(IndexedField field) {
    return switch (field) {
      case CREATED_AT -> createdNanos;
      case UPDATED_AT -> updatedNanos;
      case LAST_CONTACTED_AT -> contactedNanos;
      default -> throw new IllegalArgumentException(field + " is not a time");
    };
  }

  /** Whether this lead's value of {@code field} equals {@code other}'s, made into no object. */
  boolean sameValue(IndexedField field, LeadSummary other) {
    return field.kind() == IndexedField.Kind.TIME
        ? compareTime(field, other) == 0
        : Objects.equals(value(field), other.value(field));
  }

  String sortId() {
    return recoded == null ? id : recoded[0];
  }

  /** The text of a text field {@code field}, recoded for {@link String#compareTo}. */
  String sortText(IndexedField field) {
    return switch (field) {
      case FIRST_NAME -> recoded == null ? firstName : recoded[1];
      case LAST_NAME -> recoded == null ? lastName : recoded[2];
      case COMPANY -> recoded == null ? company : recoded[3];
      default -> throw new IllegalArgumentException(field + " is not text");
    };
  }

  /**
   * The value this lead sorts by on {@code field}: lower-cased text, an instant (a new one at each
   * call), or null.
   */
  public Object value(IndexedField field) {
    return switch (field) {
      case CREATED_AT -> createdAt();
      case UPDATED_AT -> updatedAt();
      case LAST_CONTACTED_AT -> lastContactedAt();
      case FIRST_NAME -> firstName;
      case LAST_NAME -> lastName;
      case COMPANY -> company;
    };
  }

  /** Allocates nothing when no text needs recoding (nearly always): summaries are made by the million. */
  private static String[] recoded(String id, String firstName, String lastName, String company) {
    String recodedId = codePointOrdered(id);
    String recodedFirstName = codePointOrdered(firstName);
    String recodedLastName = codePointOrdered(lastName);
    String recodedCompany = codePointOrdered(company);
    if (recodedId == id
        && recodedFirstName == firstName
        && recodedLastName == lastName
        && recodedCompany == company) {
      return null;
    }
    return new String[] {recodedId, recodedFirstName, recodedLastName, recodedCompany};
  }

  /**
   * {@code text} recoded so that {@link String#compareTo} (UTF-16 order, a fast intrinsic) gives
   * the order of Unicode code points: chars from U+E000 move below the surrogates, which move to
   * the top. Text without such chars (nearly all) is returned as is.
   */
  static String codePointOrdered(String text) {
    if (text == null) {
      return null;
    }
    int i = 0;
    while (i < text.length() && text.charAt(i) < Character.MIN_SURROGATE) {
      i++;
    }
    if (i == text.length()) {
      return text;
    }
    char[] chars = text.toCharArray();
    for (; i < chars.length; i++) {
      char c = chars[i];
      if (c >= 0xE000) {
        chars[i] = (char) (c - 0x800);
      } else if (c >= Character.MIN_SURROGATE) {
        chars[i] = (char) (c + 0x2000);
      }
    }
    return new String(chars);
  }
}
