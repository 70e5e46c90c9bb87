package ai.buena.leads.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The bytes of one answer being written, in one array that the thread keeps for its next answer
 * (up to {@link #KEPT_BYTES}): an answer of 100 leads (~60 KB) written through Jackson's {@code
 * ByteArrayBuilder} allocated its segments and then one more array of the whole body, about a
 * quarter of what a list request allocated. Not for an answer written while another is (one at a
 * time per thread).
 */
final class AnswerBuffer extends OutputStream {
  /** Kept by a thread between answers; a larger one is dropped after its answer. */
  static final int KEPT_BYTES = 128 * 1024;

  private static final int INITIAL_BYTES = 16 * 1024;
  private static final ThreadLocal<AnswerBuffer> OF_THREAD = ThreadLocal.withInitial(AnswerBuffer::new);

  private byte[] bytes = new byte[INITIAL_BYTES];
  private int size;

  private AnswerBuffer() {}

  /** This thread's buffer, empty. */
  static AnswerBuffer ofThisThread() {
    AnswerBuffer buffer = OF_THREAD.get();
    buffer.release(); // an answer that failed half-way left its bytes
    return buffer;
  }

  @Override
  public void write(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  @Override
  public void write(byte[] from, int offset, int length) {
    ensure(length);
    System.arraycopy(from, offset, bytes, size, length);
    size += length;
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(size + more, bytes.length * 2));
    }
  }

  int size() {
    return size;
  }

  /** Writes the bytes to {@code out}, then lets go of an array larger than {@link #KEPT_BYTES}. */
  void writeTo(OutputStream out) throws IOException {
    try {
      out.write(bytes, 0, size);
    } finally {
      release();
    }
  }

  /** A copy of the bytes; then as after {@link #writeTo}. */
  byte[] toByteArray() {
    byte[] copy = Arrays.copyOf(bytes, size);
    release();
    return copy;
  }

  private void release() {
    size = 0;
    if (bytes.length > KEPT_BYTES) {
      bytes = new byte[INITIAL_BYTES];
    }
  }
}
