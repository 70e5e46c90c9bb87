package ai.buena.leads.write;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;

/**
 * Ids of the events and leads the API writes: a prefix and 26 lower-case characters of Crockford's
 * base-32 (130 bits). New ids are time-ordered like a ULID (48 bits of milliseconds, then 80 random
 * bits); ids derived from an idempotency key are a SHA-256 of it, so a retry gets the same id.
 */
public final class LeadIds {
  static final int LENGTH = 26;
  private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private LeadIds() {}

  public static String newLeadId(Instant now) {
    return "lead_" + timeOrdered(now);
  }

  public static String newEventId(Instant now) {
    return "evt_" + timeOrdered(now);
  }

  /** The lead id a create with this idempotency key gets, whichever instance answers it. */
  public static String derivedLeadId(IdempotencyScope scope) {
    return "lead_" + derived("lead", scope);
  }

  /** The event id a write with this idempotency key produces, whichever instance answers it. */
  public static String derivedEventId(IdempotencyScope scope) {
    return "evt_" + derived("event", scope);
  }

  private static String timeOrdered(Instant now) {
    byte[] bits = new byte[17];
    long millis = now.toEpochMilli();
    for (int i = 0; i < 6; i++) {
      bits[i] = (byte) (millis >>> (40 - 8 * i));
    }
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    System.arraycopy(random, 0, bits, 6, 10);
    // 128 bits, then 2 zero bits: the milliseconds lead, so ids sort by time as text
    return base32(bits);
  }

  private static String derived(String purpose, IdempotencyScope scope) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part :
          new String[] {purpose, scope.workspaceId(), scope.key(), scope.method(), scope.path()}) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        sha.update((byte) (bytes.length >>> 8));
        sha.update((byte) bytes.length);
        sha.update(bytes);
      }
      byte[] digest = sha.digest();
      byte[] bits = new byte[17];
      System.arraycopy(digest, 0, bits, 0, 17);
      return base32(bits);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  /** The first 130 bits of {@code bits} (17 bytes), 5 bits a character. */
  private static String base32(byte[] bits) {
    char[] out = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      int bit = i * 5;
      int word = ((bits[bit / 8] & 0xff) << 8) | (bit / 8 + 1 < bits.length ? bits[bit / 8 + 1] & 0xff : 0);
      out[i] = ALPHABET[(word >>> (11 - bit % 8)) & 31];
    }
    return new String(out);
  }
}
