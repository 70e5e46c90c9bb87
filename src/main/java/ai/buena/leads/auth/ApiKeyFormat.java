package ai.buena.leads.auth;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The shape of keys ({@code bna_} and 64 lowercase hex characters, 256 random bits), of their
 * hashes (64 lowercase hex characters) and of their ids ({@code key_} and the first 12 hex
 * characters of the hash: stable, printable, not secret).
 */
public final class ApiKeyFormat {
  public static final String KEY_PREFIX = "bna_";
  public static final String ID_PREFIX = "key_";

  private static final int RANDOM_BYTES = 32;
  private static final int ID_HEX_CHARS = 12;
  private static final Pattern KEY = Pattern.compile("bna_[0-9a-f]{64}");
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern ID = Pattern.compile("key_[0-9a-f]{12}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeyFormat() {}

  public static String generate() {
    byte[] bytes = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(bytes);
    return KEY_PREFIX + HexFormat.of().formatHex(bytes);
  }

  public static boolean isWellFormed(String key) {
    return key != null && KEY.matcher(key).matches();
  }

  public static boolean isKeyHash(String keyHash) {
    return keyHash != null && HASH.matcher(keyHash).matches();
  }

  public static boolean isKeyId(String keyId) {
    return keyId != null && ID.matcher(keyId).matches();
  }

  public static String keyId(String keyHash) {
    if (!isKeyHash(keyHash)) {
      throw new IllegalArgumentException("a key hash is 64 lowercase hex characters");
    }
    return ID_PREFIX + keyHash.substring(0, ID_HEX_CHARS);
  }
}
