package ai.buena.leads.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the cursors this API hands out and checks them when they come back, before anything in
 * them is decoded: {@code base64url(cursor bytes ‖ tag)}, the tag being the first 16 bytes of
 * HMAC-SHA256 over the cursor bytes. The key is derived from the cluster secret, so every instance
 * of a cluster accepts the others' cursors; a server without a cluster secret signs with a random
 * key of its own.
 */
public final class CursorSignatures {
  static final int TAG_BYTES = 16;
  private static final String ALGORITHM = "HmacSHA256";
  private static final byte[] DERIVATION_LABEL = "cursor-signing-v1".getBytes(StandardCharsets.UTF_8);
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;

  private CursorSignatures(byte[] key) {
    this.key = new SecretKeySpec(key, ALGORITHM);
  }

  /** The cluster's cursor key: HMAC-SHA256(cluster secret, "cursor-signing-v1"). */
  public static CursorSignatures forCluster(String clusterSecret) {
    if (clusterSecret == null || clusterSecret.isEmpty()) {
      throw new IllegalArgumentException("a cluster secret is required to sign cursors");
    }
    return new CursorSignatures(
        hmac(new SecretKeySpec(clusterSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM),
            DERIVATION_LABEL));
  }

  public static CursorSignatures withRandomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new CursorSignatures(key);
  }

  /** {@code cursor} (base64url, as {@link ai.buena.leads.query.Cursors} encodes) with its tag. */
  public String sign(String cursor) {
    byte[] payload = DECODER.decode(cursor);
    byte[] signed = Arrays.copyOf(payload, payload.length + TAG_BYTES);
    System.arraycopy(tag(payload), 0, signed, payload.length, TAG_BYTES);
    return ENCODER.encodeToString(signed);
  }

  /** The cursor {@code signed} carries, if this cluster signed it and nobody changed a bit. */
  public Optional<String> verified(String signed) {
    byte[] bytes;
    try {
      bytes = DECODER.decode(signed);
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
    if (bytes.length <= TAG_BYTES) {
      return Optional.empty();
    }
    byte[] payload = Arrays.copyOf(bytes, bytes.length - TAG_BYTES);
    byte[] presented = Arrays.copyOfRange(bytes, payload.length, bytes.length);
    return MessageDigest.isEqual(presented, tag(payload))
        ? Optional.of(ENCODER.encodeToString(payload))
        : Optional.empty();
  }

  private byte[] tag(byte[] payload) {
    return Arrays.copyOf(hmac(key, payload), TAG_BYTES);
  }

  private static byte[] hmac(SecretKeySpec key, byte[] message) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
