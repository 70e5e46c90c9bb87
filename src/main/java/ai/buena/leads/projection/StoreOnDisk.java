package ai.buena.leads.projection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.kafka.common.TopicPartition;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * A Kafka Streams key-value store as it is on disk, opened with RocksDB's read-only mode: the
 * state the store had when it last closed, which nothing can change through this handle.
 *
 * <p>Read-only mode takes no {@code LOCK}, so Kafka Streams may open the same directory for
 * writing meanwhile (its start-up probe does). This handle keeps seeing the files it opened: every
 * table file is opened at once ({@code max_open_files = -1}) and kept open until {@link #close},
 * so a compaction of the writer that deletes a file does not take it from under a read (POSIX
 * keeps an unlinked open file readable), and the version read at open never changes.
 *
 * <p>Besides the values it reads, from Kafka Streams' own {@code offsets} column family (Kafka
 * Streams 4.4's {@code RocksDBStore}: key {@code "status"}, 0 closed and 1 open; key {@code
 * <topic>-<partition>}, the committed offset; both 8-byte big-endian longs), whether the store was
 * closed and at which offset of its changelog (or, for a global store, its source topic) it
 * committed last.
 */
public final class StoreOnDisk implements AutoCloseable {
  /** The name of Kafka Streams' column family of a store's status and committed offsets. */
  public static final String OFFSETS_COLUMN_FAMILY_NAME = "offsets";
  private static final byte[] OFFSETS_COLUMN_FAMILY =
      OFFSETS_COLUMN_FAMILY_NAME.getBytes(StandardCharsets.UTF_8);
  private static final byte[] STATUS_KEY = "status".getBytes(StandardCharsets.UTF_8);
  private static final long STATUS_CLOSED = 0L;
  /** Block cache of one handle: it reads a page's leads, a few hundred blocks. */
  private static final long CACHE_BYTES = 4L << 20;

  private final RocksDB db;
  private final ColumnFamilyHandle values;
  private final ColumnFamilyHandle offsets;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions columnOptions;
  private final LRUCache cache;
  /** Reads hold it shared, {@link #close} alone: RocksDB must not be read once closed. */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private StoreOnDisk(
      RocksDB db,
      ColumnFamilyHandle values,
      ColumnFamilyHandle offsets,
      DBOptions dbOptions,
      ColumnFamilyOptions columnOptions,
      LRUCache cache) {
    this.db = db;
    this.values = values;
    this.offsets = offsets;
    this.dbOptions = dbOptions;
    this.columnOptions = columnOptions;
    this.cache = cache;
  }

  /**
   * Opens the store in {@code storeDirectory} (e.g. {@code <task dir>/rocksdb/leads}) read-only.
   *
   * @throws RocksDBException when it cannot (no store there, no {@code offsets} column family, a
   *     writer replacing its manifest at that very moment, ...)
   */
  public static StoreOnDisk open(Path storeDirectory) throws RocksDBException {
    RocksDB.loadLibrary();
    LRUCache cache = new LRUCache(CACHE_BYTES);
    ColumnFamilyOptions columnOptions =
        new ColumnFamilyOptions().setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache));
    DBOptions dbOptions = new DBOptions().setMaxOpenFiles(-1).setCreateIfMissing(false);
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      RocksDB db =
          RocksDB.openReadOnly(
              dbOptions,
              storeDirectory.toString(),
              List.of(
                  new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, columnOptions),
                  new ColumnFamilyDescriptor(OFFSETS_COLUMN_FAMILY, columnOptions)),
              handles);
      return new StoreOnDisk(db, handles.get(0), handles.get(1), dbOptions, columnOptions, cache);
    } catch (RocksDBException | RuntimeException e) {
      handles.forEach(ColumnFamilyHandle::close);
      dbOptions.close();
      columnOptions.close();
      cache.close();
      throw e;
    }
  }

  /** Whether Kafka Streams marked the store closed (it marks it open while it has it open). */
  public boolean closedByKafkaStreams() throws RocksDBException {
    OptionalLong status = longAt(STATUS_KEY);
    return status.isPresent() && status.getAsLong() == STATUS_CLOSED;
  }

  /** The offset of {@code partition} Kafka Streams committed last for this store, if it did. */
  public OptionalLong committedOffset(TopicPartition partition) throws RocksDBException {
    return longAt(partition.toString().getBytes(StandardCharsets.UTF_8));
  }

  private OptionalLong longAt(byte[] key) throws RocksDBException {
    byte[] value = read(offsets, key);
    return value == null || value.length != Long.BYTES
        ? OptionalLong.empty()
        : OptionalLong.of(ByteBuffer.wrap(value).getLong());
  }

  /**
   * The stored value of {@code key}, null when there is none.
   *
   * @throws RocksDBException when RocksDB cannot read it, or this handle is closed
   */
  public byte[] get(byte[] key) throws RocksDBException {
    return read(values, key);
  }

  private byte[] read(ColumnFamilyHandle family, byte[] key) throws RocksDBException {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new RocksDBException("the store on disk was closed");
      }
      return db.get(family, key);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** Closes the handle, after the reads under way; reads after it fail. Once only. */
  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      values.close();
      offsets.close();
      db.close();
      dbOptions.close();
      columnOptions.close();
      cache.close();
    } finally {
      lifecycle.writeLock().unlock();
    }
  }
}
