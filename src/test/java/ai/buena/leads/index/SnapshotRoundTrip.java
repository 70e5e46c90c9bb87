package ai.buena.leads.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
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

  /** {@code index} saved to a snapshot in {@code dir} and loaded again over {@code leads}. */
  static PartitionIndex partition(Path dir, PartitionIndex index, PartitionLeads leads) {
    try {
      UUID id = UUID.randomUUID();
      Path file = dir.resolve("partition-" + index.partition() + "-" + id);
      IndexSnapshots.write(index, id, file);
      return IndexSnapshots.read(file, id, index.partition(), leads);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
