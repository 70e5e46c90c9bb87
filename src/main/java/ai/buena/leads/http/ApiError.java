package ai.buena.leads.http;

import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/** An answer other than success the API promises: thrown by handlers, written by one mapper. */
final class ApiError extends RuntimeException {
  static final String DOCUMENTATION = "https://docs.buena.ai/authentication";

  private final HttpStatus status;
  private final String code;
  private final Map<String, Object> extras;

  private ApiError(HttpStatus status, String code, String message, Map<String, Object> extras) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.extras = extras;
  }

  static ApiError missingKey() {
    return new ApiError(HttpStatus.UNAUTHORIZED, "UNAUTHORIZED", "Missing API key", Map.of());
  }

  static ApiError invalidKey() {
    return new ApiError(HttpStatus.UNAUTHORIZED, "UNAUTHORIZED", "Invalid API key", Map.of());
  }

  static ApiError invalidClusterCredential() {
    return new ApiError(
        HttpStatus.UNAUTHORIZED, "UNAUTHORIZED", "Invalid cluster credential", Map.of());
  }

  static ApiError permissionDenied(Access access, SortedSet<String> available) {
    Map<String, Object> help = new LinkedHashMap<>();
    help.put("required", access.permission());
    help.put("available", List.copyOf(available));
    help.put("documentation", DOCUMENTATION);
    return new ApiError(
        HttpStatus.FORBIDDEN,
        "PERMISSION_DENIED",
        access.deniedMessage(),
        Map.of("permissionHelp", help));
  }

  static ApiError invalidParams(Map<String, String> invalidParams) {
    return new ApiError(
        HttpStatus.BAD_REQUEST,
        "VALIDATION_ERROR",
        "Invalid query parameters",
        Map.of("details", Map.of("invalidParams", invalidParams)));
  }

  /** Like {@link #invalidParams}, when a header (the consistency token) is among the problems. */
  static ApiError invalidRequest(Map<String, String> invalidParams) {
    return new ApiError(
        HttpStatus.BAD_REQUEST,
        "VALIDATION_ERROR",
        "Invalid request parameters",
        Map.of("details", Map.of("invalidParams", invalidParams)));
  }

  static ApiError malformedQueryString() {
    return new ApiError(
        HttpStatus.BAD_REQUEST,
        "BAD_REQUEST",
        "Query string is not valid percent-encoded UTF-8",
        Map.of());
  }

  static ApiError rateLimitExceeded(RateLimiter.Decision decision) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("limit", decision.limit());
    info.put("remaining", decision.remaining());
    info.put("reset", decision.reset());
    info.put("window", decision.window().wire());
    Map<String, Object> extras = new LinkedHashMap<>();
    extras.put("retryAfter", decision.retryAfterSeconds());
    extras.put("rateLimitInfo", info);
    return new ApiError(
        HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMIT_EXCEEDED", "Rate limit exceeded", extras);
  }

  static final String LEAD_NOT_FOUND_MESSAGE = "Lead not found";

  static ApiError leadNotFound() {
    return new ApiError(HttpStatus.NOT_FOUND, "NOT_FOUND", LEAD_NOT_FOUND_MESSAGE, Map.of());
  }

  /** A write's body or {@code Idempotency-Key} breaks a rule: every problem named at once. */
  static ApiError invalidBody(Map<String, String> invalidParams) {
    return new ApiError(
        HttpStatus.BAD_REQUEST,
        "VALIDATION_ERROR",
        "Invalid request body",
        Map.of("details", Map.of("invalidParams", invalidParams)));
  }

  static ApiError unsupportedMediaType() {
    return new ApiError(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "UNSUPPORTED_MEDIA_TYPE",
        "Content-Type must be application/json",
        Map.of());
  }

  static ApiError payloadTooLarge(int maxBytes) {
    return new ApiError(
        HttpStatus.CONTENT_TOO_LARGE,
        "PAYLOAD_TOO_LARGE",
        "Request body must be at most " + maxBytes + " bytes",
        Map.of());
  }

  /** A write to a lead the key's workspace does not hold: no event is produced. */
  static ApiError writeLeadNotFound() {
    return new ApiError(HttpStatus.NOT_FOUND, "LEAD_NOT_FOUND", "Lead not found", Map.of());
  }

  static ApiError idempotencyKeyReused() {
    return new ApiError(
        HttpStatus.CONFLICT,
        "IDEMPOTENCY_KEY_REUSED",
        "This Idempotency-Key was used with a different request in the last 24 hours",
        Map.of());
  }

  HttpStatus status() {
    return status;
  }

  String code() {
    return code;
  }

  Map<String, Object> extras() {
    return extras;
  }
}
