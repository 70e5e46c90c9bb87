package ai.buena.leads.projection;

import ai.buena.leads.index.PartitionClosedException;
import ai.buena.leads.index.PartitionLeads;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
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
 * A task directory's {@code leads} store as it is on disk, opened with RocksDB's read-only mode
 * while no task of this instance has it open: the state the store had when it last closed, which
 * nothing can change through this handle.
 *
 * <p>Read-only mode takes no {@code LOCK}, so Kafka Streams may open the same directory for
 * writing meanwhile (its start-up probe does). This handle keeps seeing the files it opened: every
 * table file is opened at once ({@code max_open_files = -1}) and kept open until {@link #close},
 * so a compaction of the writer that deletes a file does not take it from under a read (POSIX
 * keeps an unlinked open file readable), and the version read at open never changes.
 *
 * <p>Besides the leads it reads what proves which state that is: the snapshot marker {@link
 * IndexedLeadStore} wrote at its close, and from Kafka Streams' own {@code offsets} column family
 * (Kafka Streams 4.4's {@code RocksDBStore}: key {@code "status"}, 0 closed and 1 open; key {@code
 * <changelog topic>-<partition>}, the committed offset; both 8-byte big-endian longs) whether the
 * store was closed and at which changelog offset it committed last.
 */
final class ReadOnlyLeadStore implements PartitionLeads, AutoCloseable {
  private static final byte[] OFFSETS_COLUMN_FAMILY = "offsets".getBytes(StandardCharsets.UTF_8);
  private static final byte[] STATUS_KEY = "status".getBytes(StandardCharsets.UTF_8);
  private static final long STATUS_CLOSED = 0L;
  /** Block cache of one handle: it reads a page's leads, a few hundred blocks. */
  private static final long CACHE_BYTES = 4L << 20;

  private final int partition;
  private final RocksDB db;
  private final ColumnFamilyHandle leads;
  private final ColumnFamilyHandle offsets;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions columnOptions;
  private final LRUCache cache;
  /** Reads hold it shared, {@link #close} alone: RocksDB must not be read once closed. */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private ReadOnlyLeadStore(
      int partition,
      RocksDB db,
      ColumnFamilyHandle leads,
      ColumnFamilyHandle offsets,
      DBOptions dbOptions,
      ColumnFamilyOptions columnOptions,
      LRUCache cache) {
    this.partition = partition;
    this.db = db;
    this.leads = leads;
    this.offsets = offsets;
    this.dbOptions = dbOptions;
    this.columnOptions = columnOptions;
    this.cache = cache;
  }

  /**
   * Opens the store in {@code storeDirectory} ({@code <task dir>/rocksdb/leads}) read-only.
   *
   * @throws RocksDBException when it cannot (no store there, no {@code offsets} column family, a
   *     writer replacing its manifest at that very moment, ...)
   */
  static ReadOnlyLeadStore open(Path storeDirectory, int partition) throws RocksDBException {
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
      return new ReadOnlyLeadStore(
          partition, db, handles.get(0), handles.get(1), dbOptions, columnOptions, cache);
    } catch (RocksDBException | RuntimeException e) {
      handles.forEach(ColumnFamilyHandle::close);
      dbOptions.close();
      columnOptions.close();
      cache.close();
      throw e;
    }
  }

  /** The snapshot id the store's last close wrote, if the store on disk still holds it. */
  Optional<UUID> snapshotMarker() throws RocksDBException {
    byte[] marker = db.get(leads, IndexedLeadStore.SNAPSHOT_MARKER.get());
    if (marker == null || marker.length != 16) {
      return Optional.empty();
    }
    ByteBuffer id = ByteBuffer.wrap(marker);
    return Optional.of(new UUID(id.getLong(), id.getLong()));
  }

  /** Whether Kafka Streams marked the store closed (it marks it open while it has it open). */
  boolean closedByKafkaStreams() throws RocksDBException {
    OptionalLong status = longAt(offsets, STATUS_KEY);
    return status.isPresent() && status.getAsLong() == STATUS_CLOSED;
  }

  /** The changelog offset Kafka Streams committed last for {@code changelog}, if it did. */
  OptionalLong committedOffset(TopicPartition changelog) throws RocksDBException {
    return longAt(offsets, changelog.toString().getBytes(StandardCharsets.UTF_8));
  }

  private OptionalLong longAt(ColumnFamilyHandle family, byte[] key) throws RocksDBException {
    byte[] value = db.get(family, key);
    return value == null || value.length != Long.BYTES
        ? OptionalLong.empty()
        : OptionalLong.of(ByteBuffer.wrap(value).getLong());
  }

  @Override
  public Lead lead(String leadId) {
    byte[] json = storedJson(leadId);
    return json == null ? null : LeadJson.fromBytes(json);
  }

  @Override
  public byte[] storedJson(String leadId) {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new PartitionClosedException(partition);
      }
      return db.get(leads, leadId.getBytes(StandardCharsets.UTF_8));
    } catch (RocksDBException e) {
      throw new PartitionClosedException(partition);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** Closes the handle; reads after it throw {@link PartitionClosedException}. Once only. */
  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      leads.close();
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
