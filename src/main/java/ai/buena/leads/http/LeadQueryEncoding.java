package ai.buena.leads.http;

import ai.buena.leads.query.Cursors;
import ai.buena.leads.query.LeadQuery;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.StringJoiner;

/** A parsed query back as {@code GET /api/v2/leads} parameters, for calls between instances. */
final class LeadQueryEncoding {
  private LeadQueryEncoding() {}

  static String encode(LeadQuery q) {
    StringJoiner params = new StringJoiner("&");
    if (q.after() == null) {
      add(params, ListLeadsParams.PAGE, Integer.toString(q.page()));
    }
    add(params, ListLeadsParams.LIMIT, Integer.toString(q.limit()));
    if (q.status() != null) {
      add(params, ListLeadsParams.STATUS, q.status().wire());
    }
    if (q.source() != null) {
      add(params, ListLeadsParams.SOURCE, q.source().wire());
    }
    if (!q.searchTerms().isEmpty()) {
      add(params, ListLeadsParams.SEARCH, String.join(" ", q.searchTerms()));
    }
    if (q.company() != null) {
      add(params, ListLeadsParams.COMPANY, q.company());
    }
    if (q.title() != null) {
      add(params, ListLeadsParams.TITLE, q.title());
    }
    instant(params, ListLeadsParams.CREATED_AFTER, q.createdAfter());
    instant(params, ListLeadsParams.CREATED_BEFORE, q.createdBefore());
    instant(params, ListLeadsParams.LAST_CONTACTED_AFTER, q.lastContactedAfter());
    instant(params, ListLeadsParams.LAST_CONTACTED_BEFORE, q.lastContactedBefore());
    add(params, ListLeadsParams.SORT_BY, q.sortBy().wire());
    add(params, ListLeadsParams.SORT_ORDER, q.sortOrder().wire());
    if (q.after() != null) {
      add(params, ListLeadsParams.CURSOR, Cursors.encode(q, q.after()));
    }
    return params.toString();
  }

  private static void instant(StringJoiner params, String name, Instant value) {
    if (value != null) {
      add(params, name, value.toString());
    }
  }

  private static void add(StringJoiner params, String name, String value) {
    params.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
  }
}
