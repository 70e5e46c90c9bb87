package ai.buena.leads.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/** What one part of an index writes to a snapshot, written to a file and opened again for reading. */
final class SnapshotRoundTrip {
  private SnapshotRoundTrip() {}

  static SnapshotInput of(Path file, Consumer<SnapshotOutput> write) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(file);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      SnapshotOutput out = new SnapshotOutput(channel);
      write.accept(out);
      out.drain();
    }
    return new SnapshotInput(ByteBuffer.wrap(Files.readAllBytes(file)));
  }
}
