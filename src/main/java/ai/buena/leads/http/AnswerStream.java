package ai.buena.leads.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.DeflaterOutputStream;
import java.util.function.Supplier;

/**
 * Where an answer's bytes go as they are written: into the thread's {@link AnswerBuffer} while
 * the answer fits in {@link AnswerBuffer#KEPT_BYTES}, so it can be sent whole with its length;
 * beyond that, on to the response's own output (the buffer's bytes first), so a large answer (a
 * page of 100 leads of the largest size events allow is ~45 MB) is never held whole in memory
 * beside the leads it is written from.
 */
final class AnswerStream extends OutputStream {
  private final AnswerBuffer buffer;
  private final Supplier<OutputStream> response;
  private OutputStream streaming;

  /**
   * @param response the response's output, asked for once, when the answer outgrows the buffer;
   *     null to keep the whole answer in the buffer
   */
  AnswerStream(AnswerBuffer buffer, Supplier<OutputStream> response) {
    this.buffer = buffer;
    this.response = response;
  }

  /** Whether bytes went to the response already (the answer is committed, without its length). */
  boolean streaming() {
    return streaming != null;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] from, int offset, int length) throws IOException {
    if (streaming == null
        && response != null
        && buffer.size() + length > AnswerBuffer.KEPT_BYTES) {
      streaming = response.get();
      buffer.writeTo(streaming);
    }
    if (streaming != null) {
      streaming.write(from, offset, length);
    } else {
      buffer.write(from, offset, length);
    }
  }

  /**
   * Ends a streamed answer's encoding (a gzip stream's trailer), leaving the response open; nothing
   * when the answer was not streamed or not encoded.
   */
  void finish() throws IOException {
    if (streaming instanceof DeflaterOutputStream encoded) {
      encoded.finish();
    }
  }

  /** Frees a streamed answer's encoder, finished or not (an answer that failed half-way). */
  void endEncoding() {
    if (streaming instanceof GzipLevel1 gzip) {
      gzip.end();
    }
  }

  /** Leaves the response open: the caller sends or completes it. */
  @Override
  public void close() {}
}
