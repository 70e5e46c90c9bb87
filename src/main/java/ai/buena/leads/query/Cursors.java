package ai.buena.leads.query;

import ai.buena.leads.lead.Lead;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Opaque page cursors: the position of a page's last lead in the answer order (its sort value and
 * id) and a fingerprint of the query's filters and order, so a cursor only continues the query it
 * came from. The next page starts strictly after that position, so a lead whose sort value does not
 * change while a client pages is never skipped nor repeated, whatever else is written meanwhile.
 *
 * <p>Text travels as UTF-16 code units, so every Java string, even one holding a lone surrogate,
 * comes back exactly as it went. Decoding is total: any string either decodes or is refused. The
 * HTTP edge signs what this class encodes, so a client cannot forge a position.
 */
public final class Cursors {
  private static final byte VERSION = 2;
  private static final byte NULL = 0;
  private static final byte TEXT = 1;
  private static final byte TIME = 2;
  private static final int FINGERPRINT_BYTES = 8;
  private static final int MAX_TEXT_CHARS = 4096;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private Cursors() {}

  /** The cursor of the position right after {@code last} in the answer to {@code q}. */
  public static String encode(LeadQuery q, Lead last) {
    return encode(q, LeadOrder.sortKey(last, q.sortBy()));
  }

  public static String encode(LeadQuery q, SortKey position) {
    String id = position.id();
    String text = position.value() instanceof String value ? value : null;
    ByteBuffer out =
        ByteBuffer.allocate(
            1 + FINGERPRINT_BYTES + 1 + 12 + 4 + 2 * (text == null ? 0 : text.length()) + 4
                + 2 * id.length());
    out.put(VERSION).put(fingerprint(q));
    if (position.value() == null) {
      out.put(NULL);
    } else if (position.value() instanceof Instant time) {
      out.put(TIME).putLong(time.getEpochSecond()).putInt(time.getNano());
    } else {
      putText(out.put(TEXT), text);
    }
    putText(out, id);
    return ENCODER.encodeToString(Arrays.copyOf(out.array(), out.position()));
  }

  /** The position {@code cursor} points at, if it is a cursor of this very query. */
  public static Optional<SortKey> decode(String cursor, LeadQuery q) {
    try {
      ByteBuffer in = ByteBuffer.wrap(DECODER.decode(cursor));
      if (in.get() != VERSION) {
        return Optional.empty();
      }
      byte[] fingerprint = new byte[FINGERPRINT_BYTES];
      in.get(fingerprint);
      if (!MessageDigest.isEqual(fingerprint, fingerprint(q))) {
        return Optional.empty();
      }
      Object value =
          switch (in.get()) {
            case NULL -> null;
            case TIME -> time(in.getLong(), in.getInt());
            case TEXT -> text(in);
            default -> throw new IllegalArgumentException("unknown value type");
          };
      String id = text(in);
      if (in.hasRemaining() || id.isEmpty() || !q.sortBy().field().accepts(value)) {
        return Optional.empty();
      }
      return Optional.of(new SortKey(value, id));
    } catch (IllegalArgumentException
        | BufferUnderflowException
        | DateTimeException
        | ArithmeticException e) {
      return Optional.empty();
    }
  }

  private static Instant time(long seconds, int nanos) {
    if (seconds < Instant.MIN.getEpochSecond()
        || seconds > Instant.MAX.getEpochSecond()
        || nanos < 0
        || nanos > 999_999_999) {
      throw new IllegalArgumentException("time out of range");
    }
    return Instant.ofEpochSecond(seconds, nanos);
  }

  private static String text(ByteBuffer in) {
    int chars = in.getInt();
    if (chars < 0 || chars > MAX_TEXT_CHARS || chars * 2 > in.remaining()) {
      throw new IllegalArgumentException("bad length");
    }
    char[] text = new char[chars];
    in.asCharBuffer().get(text);
    in.position(in.position() + 2 * chars);
    return new String(text);
  }

  /** Code unit by code unit: a charset would replace a lone surrogate. */
  private static void putText(ByteBuffer out, String text) {
    out.putInt(text.length());
    for (int i = 0; i < text.length(); i++) {
      out.putChar(text.charAt(i));
    }
  }

  /** Everything of the query but its page, size and position. */
  private static byte[] fingerprint(LeadQuery q) {
    List<String> parts = new ArrayList<>();
    for (QueryFilter<?> filter : QueryFilter.ALL) {
      parts.add(filter.fingerprint(q));
    }
    parts.add(q.sortBy().name());
    parts.add(q.sortOrder().name());
    String canonical = String.join("\u0000", parts);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return Arrays.copyOf(digest, FINGERPRINT_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
