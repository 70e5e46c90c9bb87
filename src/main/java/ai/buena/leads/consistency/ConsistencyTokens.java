package ai.buena.leads.consistency;

import ai.buena.leads.auth.ClusterSigner;
import java.util.Base64;
import java.util.Optional;

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

  private static final String DERIVATION_LABEL = "consistency-token-signing-v1";
  private static final int MAX_HEADER_CHARS = 64;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final ClusterSigner signer;
  /** Tokens of a partition at or past this are none of this cluster's (its input has fewer). */
  private final int partitions;

  private ConsistencyTokens(ClusterSigner signer) {
    this(signer, Integer.MAX_VALUE);
  }

  private ConsistencyTokens(ClusterSigner signer, int partitions) {
    this.signer = signer;
    this.partitions = partitions;
  }

  /**
   * These tokens, refusing one of a partition {@code lead-events} does not have: signed with the
   * same secret by a cluster with more partitions (or before the topic was re-created with
   * fewer), it names an event no instance here will ever process.
   */
  public ConsistencyTokens forPartitions(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
    }
    return new ConsistencyTokens(signer, partitions);
  }

  /** The cluster's token key: HMAC-SHA256(cluster secret, "consistency-token-signing-v1"). */
  public static ConsistencyTokens forCluster(String clusterSecret) {
    if (clusterSecret == null || clusterSecret.isEmpty()) {
      throw new IllegalArgumentException("a cluster secret is required to sign consistency tokens");
    }
    return new ConsistencyTokens(ClusterSigner.forCluster(clusterSecret, DERIVATION_LABEL));
  }

  public static ConsistencyTokens withRandomKey() {
    return new ConsistencyTokens(ClusterSigner.withRandomKey());
  }

  /** {@code clusterSecret == null}: a random key; else the cluster's key. */
  public static ConsistencyTokens of(String clusterSecret) {
    return clusterSecret == null ? withRandomKey() : forCluster(clusterSecret);
  }

  /** The header value for the event at {@code token}'s partition and offset. */
  public String issue(ConsistencyToken token) {
    return ENCODER.encodeToString(signer.signed(token.bytes()));
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
    // one spelling per token: padding or changed unused bits would decode to the same bytes
    if (bytes.length != ConsistencyToken.BYTES + ClusterSigner.TAG_BYTES
        || !ENCODER.encodeToString(bytes).equals(header)) {
      return Optional.empty();
    }
    return signer
        .payloadOf(bytes)
        .flatMap(ConsistencyToken::fromBytes)
        .filter(token -> token.partition() < partitions);
  }
}
