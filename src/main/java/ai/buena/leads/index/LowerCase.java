package ai.buena.leads.index;

import java.util.Locale;

/**
 * How text is matched and sorted: lower-cased with {@link Locale#ROOT}, in the query (filters,
 * search terms) and on the lead (its fields) alike, so that a field contains or equals a query text
 * whatever the case of either.
 */
public final class LowerCase {
  private LowerCase() {}

  /** {@code text} lower-cased, or null for null. */
  public static String of(String text) {
    return text == null ? null : text.toLowerCase(Locale.ROOT);
  }
}
