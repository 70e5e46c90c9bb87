package ai.buena.leads.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tags what this cluster hands out and checks the tag when it comes back: {@code payload ‖ tag},
 * the tag being the first 16 bytes of HMAC-SHA256 over the payload, under a key derived from the
 * cluster secret with a label per use (so one use's tag never passes for another's). Every
 * instance of a cluster derives the same key; a server without a cluster secret uses a random key.
 */
public final class ClusterSigner {
  public static final int TAG_BYTES = 16;
  private static final String ALGORITHM = "HmacSHA256";

  /** One initialised {@link Mac} per thread: looking one up and keying it cost more than the tag. */
  private final ThreadLocal<Mac> macs;

  private ClusterSigner(byte[] key) {
    SecretKeySpec spec = new SecretKeySpec(key, ALGORITHM);
    this.macs = ThreadLocal.withInitial(() -> keyed(spec));
  }

  /** The key HMAC-SHA256(cluster secret, label). */
  public static ClusterSigner forCluster(String clusterSecret, String label) {
    return new ClusterSigner(
        keyed(new SecretKeySpec(clusterSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM))
            .doFinal(label.getBytes(StandardCharsets.UTF_8)));
  }

  public static ClusterSigner withRandomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new ClusterSigner(key);
  }

  /** {@code payload} followed by its tag. */
  public byte[] signed(byte[] payload) {
    byte[] signed = Arrays.copyOf(payload, payload.length + TAG_BYTES);
    System.arraycopy(tag(payload), 0, signed, payload.length, TAG_BYTES);
    return signed;
  }

  /** The payload of {@code signed}, if this key tagged it and nobody changed a bit. */
  public Optional<byte[]> payloadOf(byte[] signed) {
    if (signed.length <= TAG_BYTES) {
      return Optional.empty();
    }
    byte[] payload = Arrays.copyOf(signed, signed.length - TAG_BYTES);
    byte[] presented = Arrays.copyOfRange(signed, payload.length, signed.length);
    return MessageDigest.isEqual(presented, tag(payload)) ? Optional.of(payload) : Optional.empty();
  }

  private byte[] tag(byte[] payload) {
    // doFinal resets the Mac for the thread's next tag
    return Arrays.copyOf(macs.get().doFinal(payload), TAG_BYTES);
  }

  private static Mac keyed(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
