package ai.buena.leads.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.CRC32C;
import org.roaringbitmap.RoaringBitmap;

/**
 * Writes an index snapshot to a file through a buffer, keeping a CRC-32C of everything written so
 * far ({@link #checksum}). Big-endian, lengths before contents; strings as UTF-8.
 */
final class SnapshotOutput {
  private static final int BUFFER = 1 << 20;

  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
  private final CRC32C crc = new CRC32C();
  private long written;

  SnapshotOutput(FileChannel channel) {
    this.channel = channel;
  }

  void putByte(int value) {
    room(1);
    buffer.put((byte) value);
  }

  void putInt(int value) {
    room(4);
    buffer.putInt(value);
  }

  void putLong(long value) {
    room(8);
    buffer.putLong(value);
  }

  /** A string that may be null. */
  void putString(String value) {
    if (value == null) {
      putInt(-1);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    putInt(bytes.length);
    putBytes(bytes);
  }

  /** An instant that may be null. */
  void putInstant(Instant value) {
    if (value == null) {
      putByte(0);
      return;
    }
    putByte(1);
    putLong(value.getEpochSecond());
    putInt(value.getNano());
  }

  void putBitmap(RoaringBitmap bitmap) {
    int size = bitmap.serializedSizeInBytes();
    putInt(size);
    if (size <= BUFFER) {
      room(size);
      bitmap.serialize(buffer);
      return;
    }
    ByteBuffer large = ByteBuffer.allocate(size);
    bitmap.serialize(large);
    putBytes(large.array());
  }

  private void putBytes(byte[] bytes) {
    int at = 0;
    while (at < bytes.length) {
      room(1);
      int part = Math.min(buffer.remaining(), bytes.length - at);
      buffer.put(bytes, at, part);
      at += part;
    }
  }

  private void room(int bytes) {
    if (buffer.remaining() < bytes) {
      drain();
    }
  }

  /** Writes out what is buffered. */
  void drain() {
    buffer.flip();
    crc.update(buffer.array(), 0, buffer.limit());
    written += buffer.limit();
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    buffer.clear();
  }

  /** The CRC-32C of every byte put so far (drains the buffer first). */
  int checksum() {
    drain();
    return (int) crc.getValue();
  }

  /** How many bytes were put so far (drains the buffer first). */
  long size() {
    drain();
    return written;
  }
}
