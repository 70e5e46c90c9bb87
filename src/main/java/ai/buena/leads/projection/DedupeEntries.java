package ai.buena.leads.projection;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The entries of the {@code event-ids} de-duplication store: one per applied event, keyed by lead
 * and event id, valued by the fingerprint of the API request that wrote it when the event carried
 * one in the {@value #FINGERPRINT_HEADER} header (a keyed write); empty for any other event ("seen,
 * fingerprint unknown").
 */
public final class DedupeEntries {
  /** The header a keyed API write carries: the SHA-256 (hex) of its request body. */
  public static final String FINGERPRINT_HEADER = "idempotency-fingerprint";

  private static final byte[] UNKNOWN = new byte[0];
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  private DedupeEntries() {}

  /** The store key of one event of one lead. */
  public static String key(String leadId, String eventId) {
    return leadId + '\u0000' + eventId;
  }

  /** What the store keeps for an event with these headers: its fingerprint, or nothing known. */
  static byte[] value(Headers headers) {
    return fingerprint(headers).map(f -> f.getBytes(StandardCharsets.US_ASCII)).orElse(UNKNOWN);
  }

  /** The fingerprint a record carries; a missing or malformed header is none. */
  static Optional<String> fingerprint(Headers headers) {
    Header header = headers.lastHeader(FINGERPRINT_HEADER);
    if (header == null || header.value() == null) {
      return Optional.empty();
    }
    String value = new String(header.value(), StandardCharsets.US_ASCII);
    return SHA256_HEX.matcher(value).matches() ? Optional.of(value) : Optional.empty();
  }

  /** The fingerprint a stored entry holds; empty for an event that carried none. */
  public static Optional<String> fingerprint(byte[] value) {
    return value == null || value.length == 0
        ? Optional.empty()
        : Optional.of(new String(value, StandardCharsets.US_ASCII));
  }
}
