package ai.buena.leads.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * gzip at level 1, as {@link JettySetup#COMPRESSION}, for streamed answers; {@link #end} frees its
 * native zlib memory at once (finishing the stream does not, and the cleaner would only at a GC).
 */
final class GzipLevel1 extends GZIPOutputStream {
  GzipLevel1(OutputStream out) throws IOException {
    super(out, 8 * 1024);
    def.setLevel(Deflater.BEST_SPEED);
  }

  /** Frees the deflater; the stream is unusable afterwards. Idempotent. */
  void end() {
    def.end();
  }
}
