package ai.buena.leads.projection;

import ai.buena.leads.index.WholeFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * Says that the index snapshot {@code snapshotId} was saved by a store whose contents were exactly
 * those of its last commit, at changelog offset {@code changelogOffset}: nothing was written to it
 * after that commit (a clean close; after a dirty one no such file is written). Kept beside the
 * snapshot ({@link #FILE}) and deleted with it when the store opens again. A start-up copy is
 * served only with it ({@link SnapshotPreloads}): the snapshot marker proves that the store on disk
 * is the snapshot's state, this file and Kafka Streams' committed offset in the store say which
 * changelog offset that state is.
 *
 * <p>The file: magic, snapshot id, offset, CRC-32C of the bytes before it (32 bytes).
 */
record SnapshotCommit(UUID snapshotId, long changelogOffset) {
  static final String FILE = "leads.index-snapshot.committed";
  private static final int MAGIC = 0x4c504331; // "LPC1"
  private static final int BYTES = 4 + 16 + 8 + 4;

  /** Writes the file (through a temporary one, forced to disk, then renamed). */
  void write(Path file) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(BYTES);
    bytes
        .putInt(MAGIC)
        .putLong(snapshotId.getMostSignificantBits())
        .putLong(snapshotId.getLeastSignificantBits())
        .putLong(changelogOffset);
    bytes.putInt(crc(bytes.array(), BYTES - 4));
    bytes.flip();
    WholeFiles.write(
        file,
        channel -> {
          WholeFiles.writeFully(channel, bytes);
          return BYTES;
        });
  }

  /** The file's contents; empty when there is no file, or it is not one whole and intact. */
  static Optional<SnapshotCommit> read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (bytes.length != BYTES) {
      return Optional.empty();
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    if (in.getInt() != MAGIC) {
      return Optional.empty();
    }
    UUID id = new UUID(in.getLong(), in.getLong());
    long offset = in.getLong();
    if (in.getInt() != crc(bytes, BYTES - 4) || offset < 0) {
      return Optional.empty();
    }
    return Optional.of(new SnapshotCommit(id, offset));
  }

  private static int crc(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return (int) crc.getValue();
  }
}
