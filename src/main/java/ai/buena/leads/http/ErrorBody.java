package ai.buena.leads.http;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The one shape of every error: {@code {"error": true, "code", "message", "version": "2.0",
 * "timestamp", ...extras}}, the timestamp in UTC to the second.
 */
final class ErrorBody {
  static final String VERSION = "2.0";

  private ErrorBody() {}

  static JsonBody.Writer of(String code, String message, Instant now, Map<String, ?> extras) {
    return g -> {
      g.writeStartObject();
      g.writeBooleanField("error", true);
      g.writeStringField("code", code);
      g.writeStringField("message", message);
      g.writeStringField("version", VERSION);
      g.writeStringField("timestamp", now.truncatedTo(ChronoUnit.SECONDS).toString());
      for (Map.Entry<String, ?> extra : extras.entrySet()) {
        g.writeObjectField(extra.getKey(), extra.getValue());
      }
      g.writeEndObject();
    };
  }
}
