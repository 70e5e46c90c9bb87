package ai.buena.leads.consistency;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Optional;

/**
 * Names one event a write produced: its {@code lead-events} partition and offset. A read that
 * brings it back waits until the projection has processed that offset of that partition.
 *
 * <p>{@link #encode()} is the bare form, {@code base64url(version ‖ partition ‖ offset)} without
 * padding (13 bytes, 18 characters, URL- and header-safe). Clients never see the bare form: the
 * {@code X-Consistency-Token} header carries it signed by {@link ConsistencyTokens}, so a token
 * nobody issued cannot make a read wait. Decoding is total: any string either decodes or is
 * refused, never throws.
 */
public record ConsistencyToken(int partition, long offset) {
  static final int BYTES = 1 + Integer.BYTES + Long.BYTES;
  private static final byte VERSION = 'C';
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  public ConsistencyToken {
    if (partition < 0 || offset < 0) {
      throw new IllegalArgumentException(
          "partition and offset must not be negative: " + partition + "@" + offset);
    }
  }

  public static ConsistencyToken of(int partition, long offset) {
    return new ConsistencyToken(partition, offset);
  }

  /** The bare, unsigned form (see the class comment). */
  public String encode() {
    return ENCODER.encodeToString(bytes());
  }

  /** The token {@code encoded} names, if it is the bare form of one. */
  public static Optional<ConsistencyToken> decode(String encoded) {
    if (encoded == null) {
      return Optional.empty();
    }
    try {
      return fromBytes(DECODER.decode(encoded));
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
  }

  byte[] bytes() {
    return ByteBuffer.allocate(BYTES).put(VERSION).putInt(partition).putLong(offset).array();
  }

  static Optional<ConsistencyToken> fromBytes(byte[] bytes) {
    if (bytes.length != BYTES) {
      return Optional.empty();
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    if (in.get() != VERSION) {
      return Optional.empty();
    }
    int partition = in.getInt();
    long offset = in.getLong();
    return partition < 0 || offset < 0
        ? Optional.empty()
        : Optional.of(new ConsistencyToken(partition, offset));
  }
}
