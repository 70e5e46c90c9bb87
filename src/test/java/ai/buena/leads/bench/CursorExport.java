package ai.buena.leads.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Exports a whole workspace through {@code pagination.nextCursor} / {@code cursor=}, one client,
 * and checks the export: as many leads as the reported total, none twice.
 */
final class CursorExport {
  /** By createdAt, which never changes, so the export is complete (docs/http-api.md). */
  static final String QUERY = "limit=100&sortBy=createdAt&sortOrder=asc";

  private CursorExport() {}

  record Result(long leads, long total, long repeated, int requests, long nanos) {
    double leadsPerSecond() {
      return leads / (nanos / 1e9);
    }

    boolean complete() {
      return leads == total && repeated == 0;
    }
  }

  static Result run(ServiceApi api) {
    Set<String> ids = new HashSet<>();
    long repeated = 0;
    long total = -1;
    int requests = 0;
    String cursor = null;
    long start = System.nanoTime();
    do {
      JsonNode page = api.list(cursor == null ? QUERY : QUERY + "&cursor=" + encode(cursor));
      requests++;
      total = page.path("pagination").path("total").asLong();
      for (JsonNode lead : page.path("leads")) {
        if (!ids.add(lead.path("id").asText())) {
          repeated++;
        }
      }
      cursor = page.path("pagination").path("nextCursor").textValue();
    } while (cursor != null);
    long nanos = System.nanoTime() - start;
    return new Result(ids.size() + repeated, total, repeated, requests, nanos);
  }

  private static String encode(String cursor) {
    return URLEncoder.encode(cursor, StandardCharsets.UTF_8);
  }
}
