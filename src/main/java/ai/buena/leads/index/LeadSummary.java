package ai.buena.leads.index;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import java.time.Instant;

/**
 * The part of a lead that queries filter and sort on, with text already lower-cased ({@code
 * Locale.ROOT}), so a query never deserializes a lead it does not return. Made by {@link
 * WorkspaceIndex#summarize}.
 */
public final class LeadSummary {
  private final String id;
  private final LeadStatus status;
  private final LeadSource source;
  private final String firstName;
  private final String lastName;
  private final String email;
  private final String company;
  private final String title;
  private final Instant createdAt;
  private final Instant updatedAt;
  private final Instant lastContactedAt;
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
    this.createdAt = createdAt;
    this.updatedAt = sameOr(createdAt, updatedAt);
    this.lastContactedAt = sameOr(this.updatedAt, lastContactedAt);
    this.recoded = recoded(id, firstName, lastName, company);
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

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public Instant lastContactedAt() {
    return lastContactedAt;
  }

  String sortId() {
    return recoded == null ? id : recoded[0];
  }

  /** Like {@link #value} but text recoded for {@link String#compareTo}. */
  Object sortValue(IndexedField field) {
    return switch (field) {
      case FIRST_NAME -> recoded == null ? firstName : recoded[1];
      case LAST_NAME -> recoded == null ? lastName : recoded[2];
      case COMPANY -> recoded == null ? company : recoded[3];
      default -> value(field);
    };
  }

  /** The value this lead sorts by on {@code field}: lower-cased text, an instant, or null. */
  public Object value(IndexedField field) {
    return switch (field) {
      case CREATED_AT -> createdAt;
      case UPDATED_AT -> updatedAt;
      case LAST_CONTACTED_AT -> lastContactedAt;
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
   * {@code earlier} when it equals {@code time}, else {@code time}: a lead never updated has
   * {@code updatedAt} equal to {@code createdAt}, a lead last changed by a contact {@code
   * lastContactedAt} equal to {@code updatedAt}, and one {@link Instant} (24 bytes) then serves
   * both.
   */
  private static Instant sameOr(Instant earlier, Instant time) {
    return time != null && time.equals(earlier) ? earlier : time;
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
