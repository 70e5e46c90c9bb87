package ai.buena.leads.http;

import ai.buena.leads.auth.ClusterSigner;
import java.util.Base64;
import java.util.Optional;

/**
 * Signs the cursors this API hands out and checks them when they come back, before anything in
 * them is decoded: {@code base64url(cursor bytes ‖ tag)}, the tag being the first 16 bytes of
 * HMAC-SHA256 over the cursor bytes. The key is derived from the cluster secret, so every instance
 * of a cluster accepts the others' cursors; a server without a cluster secret signs with a random
 * key of its own.
 */
public final class CursorSignatures {
  private static final String DERIVATION_LABEL = "cursor-signing-v1";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final ClusterSigner signer;

  private CursorSignatures(ClusterSigner signer) {
    this.signer = signer;
  }

  /** The cluster's cursor key: HMAC-SHA256(cluster secret, "cursor-signing-v1"). */
  public static CursorSignatures forCluster(String clusterSecret) {
    if (clusterSecret == null || clusterSecret.isEmpty()) {
      throw new IllegalArgumentException("a cluster secret is required to sign cursors");
    }
    return new CursorSignatures(ClusterSigner.forCluster(clusterSecret, DERIVATION_LABEL));
  }

  public static CursorSignatures withRandomKey() {
    return new CursorSignatures(ClusterSigner.withRandomKey());
  }

  /** {@code cursor} (base64url, as {@link ai.buena.leads.query.Cursors} encodes) with its tag. */
  public String sign(String cursor) {
    return ENCODER.encodeToString(signer.signed(DECODER.decode(cursor)));
  }

  /** The cursor {@code signed} carries, if this cluster signed it and nobody changed a bit. */
  public Optional<String> verified(String signed) {
    byte[] bytes;
    try {
      bytes = DECODER.decode(signed);
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
    return signer.payloadOf(bytes).map(ENCODER::encodeToString);
  }
}
