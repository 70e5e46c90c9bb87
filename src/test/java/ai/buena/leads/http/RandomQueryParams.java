package ai.buena.leads.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random {@code GET /api/v2/leads} parameters as the server decodes them, mostly valid and often
 * at the edges the contract allows: the first and last instants, the longest texts, texts that grow
 * when lower-cased, 4-byte characters, combining marks, lone surrogates, many search terms.
 */
final class RandomQueryParams {
  private static final List<String> DATES =
      List.of(
          "2024-01-20",
          "2024-01-20T15:30:00Z",
          "2024-01-20T15:30:00.123456789+02:00",
          "9999-12-31T23:59:59-18:00",
          "9999-12-31T23:59:59.999999999-18:00",
          "0000-01-01T00:00:00+18:00",
          "0000-01-01",
          "9999-12-31",
          "2024-02-30",
          "2024-01-20T15:30:00");
  private static final List<String> PIECES =
      List.of(
          "a", "an", "er", "in", "John", "İ", "ß", "e\u0301", "\uD83D\uDE00", "𝔄", "\uD800", "\uDC00",
          "\uFFFF", " ", "\t", "&", "+", "%", "\u0000", "Ω", "ﬃ");
  private static final List<String> STATUSES = List.of("new", "cold", "NEW", "");
  private static final List<String> SOURCES = List.of("linkedin", "api", "x");
  private static final List<String> SORT_BY =
      List.of("createdAt", "updatedAt", "firstName", "lastName", "company", "lastContactedAt", "id");
  private static final List<String> SORT_ORDER = List.of("asc", "desc", "up");
  private static final List<String> NUMBERS =
      List.of("1", "2", "10", "11", "100", "101", "1001", "2147483647", "2147483648", "0", "007");

  private RandomQueryParams() {}

  static Map<String, List<String>> any(Random random) {
    Map<String, List<String>> raw = new LinkedHashMap<>();
    maybe(random, raw, ListLeadsParams.PAGE, pick(random, NUMBERS));
    maybe(random, raw, ListLeadsParams.LIMIT, pick(random, NUMBERS));
    maybe(random, raw, ListLeadsParams.STATUS, pick(random, STATUSES));
    maybe(random, raw, ListLeadsParams.SOURCE, pick(random, SOURCES));
    maybe(random, raw, ListLeadsParams.SEARCH, search(random));
    maybe(random, raw, ListLeadsParams.COMPANY, text(random, 1 + random.nextInt(220)));
    maybe(random, raw, ListLeadsParams.TITLE, text(random, 1 + random.nextInt(40)));
    maybe(random, raw, ListLeadsParams.CREATED_AFTER, pick(random, DATES));
    maybe(random, raw, ListLeadsParams.CREATED_BEFORE, pick(random, DATES));
    maybe(random, raw, ListLeadsParams.LAST_CONTACTED_AFTER, pick(random, DATES));
    maybe(random, raw, ListLeadsParams.LAST_CONTACTED_BEFORE, pick(random, DATES));
    maybe(random, raw, ListLeadsParams.SORT_BY, pick(random, SORT_BY));
    maybe(random, raw, ListLeadsParams.SORT_ORDER, pick(random, SORT_ORDER));
    return raw;
  }

  /** What separates search terms: any Unicode space, not only ASCII's. */
  private static final List<String> SPACES =
      List.of(" ", " ", " ", "\t", "\u00a0", "\u3000", "\ufeff");

  /** Up to 200 code points of whitespace-separated terms, often many short ones. */
  static String search(Random random) {
    StringBuilder search = new StringBuilder();
    int terms = 1 + random.nextInt(random.nextBoolean() ? 3 : 70);
    for (int i = 0; i < terms; i++) {
      search.append(text(random, 1 + random.nextInt(4))).append(pick(random, SPACES));
    }
    String stripped = search.toString().strip();
    return stripped.codePointCount(0, stripped.length()) > 200
        ? stripped.substring(0, stripped.offsetByCodePoints(0, 200))
        : stripped;
  }

  static String text(Random random, int pieces) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < pieces; i++) {
      text.append(random.nextInt(4) == 0 ? pick(random, PIECES) : (char) ('a' + random.nextInt(26)));
    }
    return text.toString();
  }

  private static void maybe(Random random, Map<String, List<String>> raw, String name, String value) {
    if (random.nextInt(3) == 0) {
      raw.put(name, List.of(value));
    }
  }

  static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
