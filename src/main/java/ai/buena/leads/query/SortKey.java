package ai.buena.leads.query;

import java.time.Instant;

/**
 * What a lead sorts by for one {@link SortField}: the field's value and the lead's id, which breaks
 * ties. {@code value} is the lower-cased ({@code Locale.ROOT}) text of a text field, the {@link
 * Instant} of a time field, or {@code null} when the lead has none. Order keys with {@link
 * LeadOrder#keyComparator(SortOrder)}.
 */
public record SortKey(Object value, String id) {

  public SortKey {
    if (value != null && !(value instanceof String) && !(value instanceof Instant)) {
      throw new IllegalArgumentException("sort value must be a String or an Instant: " + value);
    }
  }
}
