package ai.buena.leads.consistency;

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
 * Issues and checks the value of the {@code X-Consistency-Token} header: {@code
 * base64url(token bytes ‖ tag)} without padding (29 bytes, 39 characters), the tag being the first
 * 16 bytes of HMAC-SHA256 over the token bytes. The key is derived from the cluster secret with its
 * own label (not the cursor key), so every instance of a cluster accepts the others' tokens and a
 * cursor is never a token; a server without a cluster secret uses a random key of its own.
 *
 * <p>Why signed: a token is a promise that the event exists. A forged one (an offset far ahead)
 * would make every read that carries it wait the full bound and answer 503; signed, a wait that
 * times out means the projection really is behind.
 */
public final class ConsistencyTokens {
  /** The header a write answer sets and a read sends back. */
  public static final String HEADER = "X-Consistency-Token";

  static final int TAG_BYTES = 16;
  private static final String ALGORITHM = "HmacSHA256";
  private static final byte[] DERIVATION_LABEL =
      "consistency-token-signing-v1".getBytes(StandardCharsets.UTF_8);
  private static final int MAX_HEADER_CHARS = 64;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;

  private ConsistencyTokens(byte[] key) {
    this.key = new SecretKeySpec(key, ALGORITHM);
  }

  /** The cluster's token key: HMAC-SHA256(cluster secret, "consistency-token-signing-v1"). */
  public static ConsistencyTokens forCluster(String clusterSecret) {
    if (clusterSecret == null || clusterSecret.isEmpty()) {
      throw new IllegalArgumentException("a cluster secret is required to sign consistency tokens");
    }
    return new ConsistencyTokens(
        hmac(new SecretKeySpec(clusterSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM),
            DERIVATION_LABEL));
  }

  public static ConsistencyTokens withRandomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new ConsistencyTokens(key);
  }

  /** {@code clusterSecret == null}: a random key; else the cluster's key. */
  public static ConsistencyTokens of(String clusterSecret) {
    return clusterSecret == null ? withRandomKey() : forCluster(clusterSecret);
  }

  /** The header value for the event at {@code token}'s partition and offset. */
  public String issue(ConsistencyToken token) {
    byte[] payload = token.bytes();
    byte[] signed = Arrays.copyOf(payload, payload.length + TAG_BYTES);
    System.arraycopy(tag(payload), 0, signed, payload.length, TAG_BYTES);
    return ENCODER.encodeToString(signed);
  }

  /** The token {@code header} carries, if this cluster issued it and nobody changed a bit. */
  public Optional<ConsistencyToken> verified(String header) {
    if (header == null || header.isEmpty() || header.length() > MAX_HEADER_CHARS) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = DECODER.decode(header);
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
    if (bytes.length != ConsistencyToken.BYTES + TAG_BYTES) {
      return Optional.empty();
    }
    byte[] payload = Arrays.copyOf(bytes, ConsistencyToken.BYTES);
    byte[] presented = Arrays.copyOfRange(bytes, payload.length, bytes.length);
    return MessageDigest.isEqual(presented, tag(payload))
        ? ConsistencyToken.fromBytes(payload)
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
