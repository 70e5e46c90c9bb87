package ai.buena.leads.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Error bodies as the contract spells them, the timestamp as {@link ApiResponse#ANY_TIMESTAMP}. */
final class ExpectedBodies {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ExpectedBodies() {}

  static String error(String code, String message) {
    return base(code, message).toString();
  }

  static String validationError(String... namesAndMessages) {
    ObjectNode body = base("VALIDATION_ERROR", "Invalid query parameters");
    ObjectNode invalid = body.putObject("details").putObject("invalidParams");
    for (int i = 0; i < namesAndMessages.length; i += 2) {
      invalid.put(namesAndMessages[i], namesAndMessages[i + 1]);
    }
    return body.toString();
  }

  private static ObjectNode base(String code, String message) {
    return JSON.createObjectNode()
        .put("error", true)
        .put("code", code)
        .put("message", message)
        .put("version", "2.0")
        .put("timestamp", ApiResponse.ANY_TIMESTAMP);
  }
}
