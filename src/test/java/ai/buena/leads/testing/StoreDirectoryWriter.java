package ai.buena.leads.testing;

import ai.buena.leads.projection.StoreOnDisk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * Opens a Kafka Streams 4.4 key-value store directory for writing, as another writer would (its
 * default and {@code offsets} column families), to change what a test's reader finds on disk.
 */
public final class StoreDirectoryWriter {
  private StoreDirectoryWriter() {}

  /** What a test does with the opened store: {@code values} and {@code offsets} are its families. */
  @FunctionalInterface
  public interface Writes {
    void apply(RocksDB db, ColumnFamilyHandle values, ColumnFamilyHandle offsets) throws RocksDBException;
  }

  public static void write(Path storeDirectory, Writes writes) throws RocksDBException {
    try (ColumnFamilyOptions defaults = new ColumnFamilyOptions()) {
      write(storeDirectory, defaults, writes);
    }
  }

  /** As {@link #write(Path, Writes)}, with {@code families} as both families' options. */
  public static void write(Path storeDirectory, ColumnFamilyOptions families, Writes writes)
      throws RocksDBException {
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options = new DBOptions();
        RocksDB db =
            RocksDB.open(
                options,
                storeDirectory.toString(),
                List.of(
                    new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, families),
                    new ColumnFamilyDescriptor(
                        StoreOnDisk.OFFSETS_COLUMN_FAMILY_NAME.getBytes(StandardCharsets.UTF_8),
                        families)),
                handles)) {
      try {
        writes.apply(db, handles.get(0), handles.get(1));
      } finally {
        handles.forEach(ColumnFamilyHandle::close);
      }
    }
  }
}
