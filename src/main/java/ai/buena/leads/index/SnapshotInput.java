package ai.buena.leads.index;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.roaringbitmap.RoaringBitmap;

/**
 * Reads what {@link SnapshotOutput} wrote, from a buffer holding the whole snapshot. Anything that
 * does not fit (a length beyond the end, a count out of range, a bitmap that does not decode)
 * throws {@link CorruptSnapshotException}.
 */
final class SnapshotInput {
  private final ByteBuffer buffer;
  private byte[] scratch = new byte[256];

  SnapshotInput(ByteBuffer buffer) {
    this.buffer = buffer;
  }

  int getByte() {
    try {
      return buffer.get();
    } catch (BufferUnderflowException e) {
      throw truncated();
    }
  }

  int getInt() {
    try {
      return buffer.getInt();
    } catch (BufferUnderflowException e) {
      throw truncated();
    }
  }

  long getLong() {
    try {
      return buffer.getLong();
    } catch (BufferUnderflowException e) {
      throw truncated();
    }
  }

  /** A count of items that each take at least a byte: from 0 to what is left. */
  int getCount() {
    return getCount(buffer.remaining());
  }

  /** Whether everything was read. */
  boolean atEnd() {
    return !buffer.hasRemaining();
  }

  /** A count or size: from 0 to {@code max}. */
  int getCount(int max) {
    int count = getInt();
    if (count < 0 || count > max) {
      throw new CorruptSnapshotException("a count of " + count + " where at most " + max + " fit");
    }
    return count;
  }

  String getString() {
    int length = getInt();
    if (length == -1) {
      return null;
    }
    if (length < 0 || length > buffer.remaining()) {
      throw truncated();
    }
    if (scratch.length < length) {
      scratch = new byte[Math.max(length, scratch.length * 2)];
    }
    buffer.get(scratch, 0, length);
    return new String(scratch, 0, length, StandardCharsets.UTF_8);
  }

  /**
   * Reads what {@link SnapshotOutput#putInstant} wrote into {@code seconds[at]} and {@code
   * nanos[at]}, without making an {@link Instant}: {@link LeadSummary#NO_TIME} nanos for none.
   */
  void getTime(long[] seconds, int[] nanos, int at) {
    int present = getByte();
    if (present == 0) {
      seconds[at] = 0;
      nanos[at] = LeadSummary.NO_TIME;
      return;
    }
    long second = getLong();
    int nano = getInt();
    if (second < Instant.MIN.getEpochSecond()
        || second > Instant.MAX.getEpochSecond()
        || nano < 0
        || nano > 999_999_999) {
      throw new CorruptSnapshotException("an instant out of range");
    }
    seconds[at] = second;
    nanos[at] = nano;
  }

  /** Reads a bitmap into {@code into} (an empty one), replacing its content. */
  /** An empty bitmap serialized: its cookie (little-endian), then no containers. */
  private static final int EMPTY_BITMAP_BYTES = 8;
  private static final int EMPTY_BITMAP_COOKIE = 12346;

  RoaringBitmap getBitmap(RoaringBitmap into) {
    int size = getInt();
    if (size < 0 || size > buffer.remaining()) {
      throw truncated();
    }
    ByteBuffer slice = buffer.slice(buffer.position(), size);
    try {
      into.deserialize(slice);
    } catch (IOException | RuntimeException e) {
      throw new CorruptSnapshotException("a bitmap that does not decode");
    }
    buffer.position(buffer.position() + size);
    return into;
  }

  RoaringBitmap getBitmap() {
    return getBitmap(new RoaringBitmap());
  }

  /**
   * A bitmap as {@link #getBitmap()} reads it, or null for an empty one, read without decoding:
   * most of a small workspace's status and source bitmaps are empty, and a load reads millions.
   */
  RoaringBitmap getBitmapUnlessEmpty() {
    int at = buffer.position();
    if (buffer.remaining() >= 12
        && buffer.getInt(at) == EMPTY_BITMAP_BYTES
        && Integer.reverseBytes(buffer.getInt(at + 4)) == EMPTY_BITMAP_COOKIE
        && buffer.getInt(at + 8) == 0) {
      buffer.position(at + 12);
      return null;
    }
    RoaringBitmap bitmap = getBitmap();
    return bitmap.isEmpty() ? null : bitmap;
  }

  private static CorruptSnapshotException truncated() {
    return new CorruptSnapshotException("it ends before its content does");
  }
}
