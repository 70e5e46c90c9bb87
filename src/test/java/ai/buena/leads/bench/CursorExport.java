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
    int requests = 0;
    long start = System.nanoTime();
    JsonNode page = api.list(QUERY);
    long total = page.path("pagination").path("total").asLong();
    while (true) {
      requests++;
      for (JsonNode lead : page.path("leads")) {
        if (!ids.add(lead.path("id").asText())) {
          repeated++;
        }
      }
      JsonNode next = page.path("pagination").path("nextCursor");
      if (next.isNull() || next.isMissingNode()) {
        break;
      }
      page = api.list(QUERY + "&cursor=" + URLEncoder.encode(next.asText(), StandardCharsets.UTF_8));
    }
    long nanos = System.nanoTime() - start;
    return new Result(ids.size() + repeated, total, repeated, requests, nanos);
  }
}
