package ai.buena.leads.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 of a key as lowercase hex, the only form in which a key is kept or compared. */
public final class KeyHashing {
  /** Every request hashes its key: one digest per thread, not a provider lookup per request. */
  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(KeyHashing::sha256);

  private KeyHashing() {}

  public static String sha256Hex(String key) {
    // digest() resets the digest for the thread's next key
    return HexFormat.of().formatHex(SHA_256.get().digest(key.getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  /** Constant-time for hashes of equal length, so timing tells nothing about where they differ. */
  public static boolean sameHash(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }
}
