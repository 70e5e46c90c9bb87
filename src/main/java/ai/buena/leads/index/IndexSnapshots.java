package ai.buena.leads.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * A {@link PartitionIndex} saved to a file and loaded again instead of being rebuilt from its
 * store. The file: magic {@code LPIDXSNP}, format version, the snapshot's id (which the caller
 * keeps next to the store to prove the file matches it), the partition, the index's own
 * structures (leads' summaries, dictionaries, trigram postings, orders as doc numbers, bitmaps),
 * then a CRC-32C of everything before it. It is written to a temporary file renamed over the old
 * one, so a reader sees a whole file or none.
 *
 * <p>{@link #read} refuses, with {@link CorruptSnapshotException} naming the reason, any file of
 * another version, id or partition, a truncated or damaged one, or one whose content does not
 * hold together.
 */
public final class IndexSnapshots {
  /**
   * The format written; a file of a version outside {@link #OLDEST_READ} to this is not read (the
   * index is rebuilt). Version 4 writes no text or day postings for a small workspace index
   * ({@code WorkspaceIndex.POSTINGS_FROM}): a build of version 3 would take their absence for no
   * match, so it must refuse these files. Version 5, the same bytes, writes none below 2,048 leads
   * where version 4 wrote them from 1,024: a build of version 4 must refuse these files too.
   */
  public static final int VERSION = 5;
  /** Version 3 wrote every index's text and day postings: read as written, a small index's let go of. */
  public static final int OLDEST_READ = 3;

  private static final byte[] MAGIC = "LPIDXSNP".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = MAGIC.length + 4 + 16 + 4;
  private static final int TRAILER = 4;

  private IndexSnapshots() {}

  /** Writes {@code index} to {@code file} under {@code id}; returns the file's size in bytes. */
  public static long write(PartitionIndex index, UUID id, Path file) throws IOException {
    return WholeFiles.write(
        file,
        channel -> {
          SnapshotOutput out = new SnapshotOutput(channel);
          for (byte b : MAGIC) {
            out.putByte(b);
          }
          out.putInt(VERSION);
          out.putLong(id.getMostSignificantBits());
          out.putLong(id.getLeastSignificantBits());
          out.putInt(index.partition());
          index.writeTo(out);
          ByteBuffer trailer = ByteBuffer.allocate(TRAILER).putInt(out.checksum()).flip();
          long size = out.size() + TRAILER;
          WholeFiles.writeFully(channel, trailer);
          return size;
        });
  }

  /** An index read from a snapshot, with the id the snapshot was written under. */
  public record Loaded(UUID id, PartitionIndex index) {}

  /**
   * The index saved in {@code file} under {@code id} for {@code partition}, reading its leads
   * through {@code leadStore} as {@link PartitionIndex} does.
   *
   * @throws CorruptSnapshotException when the file is not that snapshot, whole and of this version
   */
  public static PartitionIndex read(
      Path file, UUID id, int partition, PartitionLeads leadStore) throws IOException {
    return read(file, partition, leadStore, id).index();
  }

  /**
   * The index saved in {@code file} for {@code partition} under whatever id it was written, for a
   * caller that checks the id later.
   *
   * @throws CorruptSnapshotException when the file is not a whole snapshot of this version and
   *     partition
   */
  public static Loaded readAnyId(Path file, int partition, PartitionLeads leadStore)
      throws IOException {
    return read(file, partition, leadStore, null);
  }

  /** Reads the file; with an {@code expected} id, refuses another one before reading the rest. */
  private static Loaded read(
      Path file, int partition, PartitionLeads leadStore, UUID expected) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < HEADER + TRAILER) {
        throw new CorruptSnapshotException("it is shorter than its header (" + size + " bytes)");
      }
      if (size > Integer.MAX_VALUE) {
        throw new CorruptSnapshotException("it is larger than 2 GiB, which this version does not map");
      }
      MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
      byte[] magic = new byte[MAGIC.length];
      buffer.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new CorruptSnapshotException("it is not an index snapshot");
      }
      int version = buffer.getInt();
      if (version < OLDEST_READ || version > VERSION) {
        throw new CorruptSnapshotException(
            "it is of format version " + version + ", this build reads " + OLDEST_READ + " to " + VERSION);
      }
      UUID written = new UUID(buffer.getLong(), buffer.getLong());
      if (expected != null && !written.equals(expected)) {
        throw new CorruptSnapshotException("it is snapshot " + written + ", the store names " + expected);
      }
      int writtenPartition = buffer.getInt();
      if (writtenPartition != partition) {
        throw new CorruptSnapshotException("it is of partition " + writtenPartition);
      }
      int body = (int) size - TRAILER;
      CRC32C crc = new CRC32C();
      crc.update(buffer.slice(0, body));
      if ((int) crc.getValue() != buffer.getInt(body)) {
        throw new CorruptSnapshotException("its checksum does not match its content");
      }
      SnapshotInput in = new SnapshotInput(buffer.slice(HEADER, body - HEADER));
      PartitionIndex index = PartitionIndex.readFrom(in, partition, leadStore);
      if (!in.atEnd()) {
        throw new CorruptSnapshotException("it has bytes after its content");
      }
      return new Loaded(written, index);
    }
  }
}
