package ai.buena.leads.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that a reader sees the old one or the whole new one, never part of it: into a
 * temporary file beside it ({@code <name>.tmp}), forced to disk, then renamed over it.
 */
public final class WholeFiles {
  private WholeFiles() {}

  /** Writes a file's content to its channel and returns how many bytes it wrote. */
  @FunctionalInterface
  public interface Content {
    long writeTo(FileChannel channel) throws IOException;
  }

  /** Writes {@code content} to {@code file}; returns the size {@code content} says it wrote. */
  public static long write(Path file, Content content) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    long size;
    try {
      try (FileChannel channel =
          FileChannel.open(
              temporary,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        size = content.writeTo(channel);
        channel.force(true);
      }
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException | Error e) {
      // a full disk must not keep a partial copy of the file's size (hundreds of MB) on it
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException notDeleted) {
        e.addSuppressed(notDeleted);
      }
      throw e;
    }
    return size;
  }

  /** Writes all of {@code bytes} left to {@code channel} (a write may take only some). */
  public static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }
}
