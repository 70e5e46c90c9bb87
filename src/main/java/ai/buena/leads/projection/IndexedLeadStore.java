package ai.buena.leads.projection;

import ai.buena.leads.index.CorruptSnapshotException;
import ai.buena.leads.index.IndexRole;
import ai.buena.leads.index.IndexSnapshots;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionClosedException;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.index.PartitionIndex.LeadChange;
import ai.buena.leads.index.PartitionLeads;
import ai.buena.leads.index.RetiredCopy;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import ai.buena.leads.threads.DaemonThreads;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code leads} store (leadId → lead JSON) over RocksDB, keeping its partition's {@link
 * PartitionIndex} equal to its contents: the index is built from the store when it opens, every
 * write changes both under the index's locks, and so does every record Kafka Streams applies from
 * the changelog — which it does through the same restore callback when it restores the store and
 * when a standby task follows the changelog. So standby tasks hold warm indexes, and a standby
 * recycled into an active task (Kafka Streams keeps its stores open) needs no rebuild.
 *
 * <p>The index is registered in {@link LocalIndexes} as {@link IndexRole#STANDBY} while the store
 * is open; the processor promotes it to ACTIVE. Closing the store closes and unregisters it first.
 * Caching must stay off for this store: the index must see every write as the store does.
 *
 * <p>Closing also saves the index ({@link IndexSnapshots}, in the task's state directory) and then
 * writes the snapshot's id into RocksDB itself under {@link #SNAPSHOT_MARKER}, a key no lead id can
 * have, below the changelogging layer. Opening takes the marker out at once, and loads the
 * snapshot instead of reading the whole store only when the marker names it: any write after the
 * close, a crash before the marker, a wiped or restored store leaves no marker, and the index is
 * built from the store as before. Records restored after the snapshot reach the index through the
 * restore callback, as always. The file itself has usually been read since the process started
 * ({@link SnapshotPreloads}); the marker decides whether that read is used, as it would a read now.
 *
 * <p>A store whose task leaves this instance with no write of the processor since its last commit
 * (a clean close: Kafka Streams commits a task's stores right before it closes them cleanly; or a
 * standby, whose every write is a changelog record, closed even dirty) is not simply closed when
 * instances keep copies: its files are flushed and opened read-only, and that handle with a
 * read-only view of the index is handed to {@link LocalIndexes#retire} as a {@link RetiredCopy},
 * labelled with the changelog offset the index holds. The copy keeps the files it opened
 * readable even after exactly-once wipes the task's directory, and takes no lock, so a store of
 * the same partition may open here beside it. A store with writes of the processor since its
 * last commit (a dirty close of an active task; exactly-once aborts those writes) is closed.
 *
 * <p>A snapshot saved right after a commit, with nothing written since, gets a {@link
 * SnapshotCommit} file beside it naming that commit's changelog offset: with it a restarting
 * instance answers from the snapshot before this store opens ({@link SnapshotPreloads}'s start-up
 * copies). That copy reads the directory read-only and keeps answering while this store opens it;
 * the store closes it once the index it claimed is registered in its place, before that index may
 * change, and deletes the file with the snapshot.
 */
final class IndexedLeadStore implements KeyValueStore<Bytes, byte[]> {
  private static final Logger LOG = LoggerFactory.getLogger(IndexedLeadStore.class);

  /** A changelog batch this large, on an empty index, means a restoration from scratch. */
  static final int BULK_BATCH = 500;

  /** No changelog batch for this long ends a restoration from scratch: its index is built then. */
  static final long QUIET_MILLIS = 1_000;

  /**
   * The key under which a closed store names its index snapshot. Lead ids are 1 to 100 chars of
   * [A-Za-z0-9_-] (events.md), so none starts with a NUL byte.
   */
  static final Bytes SNAPSHOT_MARKER =
      Bytes.wrap("\u0000leads.index-snapshot".getBytes(StandardCharsets.UTF_8));

  /** The snapshot's file in the task's state directory, next to the store's RocksDB directory. */
  static final String SNAPSHOT_FILE = "leads.index-snapshot";

  private static final ScheduledExecutorService DEFERRED_BUILDS =
      DaemonThreads.scheduler("deferred-index-build");

  private final KeyValueStore<Bytes, byte[]> inner;
  private final LocalIndexes indexes;
  private final OpenLeadStores openStores;
  private final ProjectionMetrics metrics;
  /** The stored JSON its index's readers read, kept (none with transactional stores). */
  private volatile StoredJsonCache cache = StoredJsonCache.disabled();
  private int partition = -1;
  private Path snapshotFile;
  private boolean snapshots;
  private volatile PartitionIndex index;
  private boolean closed;
  private boolean buildScheduled;
  private long lastBatchNanos;
  private long deferredLastOffset = -1;
  private ExpectedPut expected;
  /** Whether the store was written since its last commit (its snapshot then names no commit). */
  private volatile boolean uncommittedWrites;
  /**
   * Whether the processor wrote since the last commit that named the store's changelog offset:
   * such writes are at no known offset (aborted, under exactly-once, at a dirty close), so no copy
   * is kept (see the class comment).
   */
  private volatile boolean processedSinceCommit;
  /** The store's changelog partition and its offset at the last commit (-1: not known). */
  private volatile TopicPartition changelog;
  private volatile long committedChangelogOffset = -1;
  private Path storeDirectory;

  /** A put the processor announced: the key, the lead it replaces (or null) and the new lead. */
  private record ExpectedPut(Bytes key, Lead before, Lead after) {}

  IndexedLeadStore(
      KeyValueStore<Bytes, byte[]> inner,
      LocalIndexes indexes,
      OpenLeadStores openStores,
      ProjectionMetrics metrics) {
    this.inner = inner;
    this.indexes = indexes;
    this.openStores = openStores;
    this.metrics = metrics;
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    if (StartupProbe.isProbe(context)) {
      // Kafka Streams opens stores found on disk once at start-up only to read their offsets,
      // and closes them at once: building an index then would be wasted. A start-up copy reading
      // the directory read-only stays: the probe changes nothing it reads (ReadOnlyLeadStore).
      inner.init(new IndexingContext(context), root);
      return;
    }
    // Kafka Streams initializes the same store again when it revives a task after closing it
    closed = false;
    partition = context.taskId().partition();
    snapshotFile = context.stateDir().toPath().resolve(SNAPSHOT_FILE);
    storeDirectory = context.stateDir().toPath().resolve("rocksdb").resolve(inner.name());
    changelog = changelogOf(context);
    committedChangelogOffset = -1;
    uncommittedWrites = false;
    snapshots = !transactionalStores(context);
    cache.close();
    cache = snapshots ? new StoredJsonCache(openStores.jsonCaches()) : StoredJsonCache.disabled();
    Optional<SnapshotPreloads.Preload> preload =
        SnapshotPreloads.of(context.appConfigs()).claim(snapshotFile, partition);
    try {
      // A copy kept since the task left reads its own read-only handle and stays. The partition's
      // start-up copy (read-only, its own index view) answers until the index this store claimed
      // is registered in its place: it is handed over before that index may change.
      if (preload.isEmpty()) {
        indexes.closeStartUpCopy(partition);
      }
      inner.init(new IndexingContext(context), root);
      Optional<UUID> marked = takeSnapshotMarker();
      PartitionIndex loaded = marked.map(id -> loadSnapshot(id, preload)).orElse(null);
      deleteSnapshotFile();
      if (loaded != null) {
        seedChangelogPosition(context, loaded);
        index = loaded;
        indexes.register(loaded, IndexRole.STANDBY);
      } else {
        preload.ifPresent(claimed -> claimed.taken("its store opened without its snapshot"));
        build();
        seedChangelogPosition(context, index);
      }
      processedSinceCommit = !atItsCommittedOffset(context, index);
    } finally {
      preload.ifPresent(SnapshotPreloads.Preload::handedOver);
    }
    openStores.opened(partition, this);
  }

  /**
   * Gives the index the changelog offset the store committed last, which its contents match when
   * it opens: a standby on an idle changelog may not commit again for a long time (Kafka Streams
   * checkpoints a standby only after many records), and without a position its lag cannot be
   * measured while Kafka Streams does not report it (a task being promoted).
   */
  private void seedChangelogPosition(StateStoreContext context, PartitionIndex current) {
    try {
      Long committed = inner.committedOffset(changelogOf(context));
      if (committed != null && committed >= 0 && current != null && current.changelogOffset() < 0) {
        current.changelogApplied(committed);
      }
    } catch (RuntimeException e) {
      // unknown position: such a copy answers only while Kafka Streams reports its lag
    }
  }

  /**
   * Whether the store opened holding exactly its changelog up to the offset it committed: under
   * exactly-once Kafka Streams wipes a store closed with anything else, and an empty store holds
   * nothing past any offset. Under at-least-once a store closed dirty keeps the processor's writes
   * after its last commit, which its changelog may lack.
   */
  private static boolean atItsCommittedOffset(StateStoreContext context, PartitionIndex opened) {
    Object guarantee = context.appConfigs().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
    return StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee) || opened.size() == 0;
  }

  /** The store's changelog partition (Kafka Streams names it after the application and store). */
  private TopicPartition changelogOf(StateStoreContext context) {
    return new TopicPartition(LeadTopology.changelogTopic(context.applicationId(), inner.name()), partition);
  }

  /**
   * With transactional state stores (KIP-892) RocksDB gets a task's writes only when they commit,
   * so at a close after a failure it may hold less than the index: no snapshots then.
   */
  private static boolean transactionalStores(StateStoreContext context) {
    Object setting = context.appConfigs().get("enable.transactional.statestores");
    return setting != null && Boolean.parseBoolean(setting.toString());
  }

  /**
   * The id the store's last close wrote, removed from the store at once: from now on the store
   * may change without a new snapshot. Should this process die before RocksDB persists the
   * removal, it persists none of the writes after it either (RocksDB runs here without a
   * write-ahead log and flushes its memtables in order), so the snapshot still matches then.
   */
  private Optional<UUID> takeSnapshotMarker() {
    byte[] marker = inner.get(SNAPSHOT_MARKER);
    if (marker == null) {
      LOG.info("no index snapshot for partition {} (none was saved, or its store changed after it)", partition);
      return Optional.empty();
    }
    inner.delete(SNAPSHOT_MARKER);
    if (marker.length != 16) {
      return Optional.empty();
    }
    ByteBuffer id = ByteBuffer.wrap(marker);
    return Optional.of(new UUID(id.getLong(), id.getLong()));
  }

  /** The snapshot's index, read in the background since start-up ({@code preload}) or now. */
  private PartitionIndex loadSnapshot(UUID id, Optional<SnapshotPreloads.Preload> preload) {
    long started = System.nanoTime();
    try {
      PartitionIndex loaded =
          preload.isPresent()
              ? preload.get().index(id, storedLeads(true))
              : IndexSnapshots.read(snapshotFile, id, partition, storedLeads(true));
      metrics.indexSnapshotLoaded();
      LOG.info(
          "loaded the index of partition {} from its snapshot: {} leads in {} ms{}",
          partition,
          loaded.size(),
          (System.nanoTime() - started) / 1_000_000,
          preload.isEmpty()
              ? ""
              : preload.get().readInBackground()
                  ? " (read in the background since start-up)"
                  : " (read here: its background read had not started)");
      return loaded;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    } catch (NoSuchFileException e) {
      LOG.warn("the index snapshot of partition {} is missing; building the index from the store", partition);
    } catch (CorruptSnapshotException e) {
      LOG.warn(
          "not using the index snapshot of partition {}: {}; building the index from the store",
          partition,
          e.getMessage());
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "could not read the index snapshot of partition {} ({}); building the index from the store",
          partition,
          e.toString());
    }
    return null;
  }

  /** Where the snapshot's {@link SnapshotCommit} is, beside it. */
  private Path commitFile() {
    return snapshotFile.resolveSibling(SnapshotCommit.FILE);
  }

  /** Once the store may change, the file is no snapshot of it any more. */
  private void deleteSnapshotFile() {
    try {
      Files.deleteIfExists(snapshotFile);
      Files.deleteIfExists(commitFile());
    } catch (IOException e) {
      LOG.warn("could not delete the old index snapshot {}: {}", snapshotFile, e.toString());
    }
  }

  /** Builds the index from the store's contents and registers it as a standby's. */
  private synchronized void build() {
    PartitionIndex built = new PartitionIndex(partition, storedLeads(true));
    long started = System.nanoTime();
    try (KeyValueIterator<Bytes, byte[]> all = inner.all()) {
      built.loadAll(leads(all));
    }
    metrics.indexBuilt();
    LOG.info(
        "indexed {} leads of partition {} in {} ms",
        built.size(),
        partition,
        (System.nanoTime() - started) / 1_000_000);
    index = built;
    indexes.register(built, IndexRole.STANDBY);
  }

  /** This store's index; null before it opens, in the start-up probe, and while a build waits. */
  PartitionIndex index() {
    return index;
  }

  /** The index, built now if the build waited for the end of a restoration from scratch. */
  synchronized PartitionIndex builtIndex() {
    if (index == null) {
      build();
    }
    return index;
  }

  /**
   * This store's leads for its index: the stored JSON as it is, or decoded. With {@code cached},
   * the JSON the index's readers read ({@link PartitionIndex.View#storedJson}, under the read lock
   * of the lead's workspace) is kept in the store's {@link StoredJsonCache} as it opened; a lead
   * read without that lock ({@link PartitionLeads#lead}) is read from the store and not kept.
   */
  private PartitionLeads storedLeads(boolean cached) {
    StoredJsonCache kept = cached ? cache : StoredJsonCache.disabled();
    return new PartitionLeads() {
      @Override
      public Lead lead(String leadId) {
        return decode(stored(key(leadId)));
      }

      @Override
      public byte[] storedJson(String leadId) {
        Bytes key = key(leadId);
        byte[] json = kept.get(key);
        if (json == null) {
          json = stored(key);
          if (json != null) {
            kept.put(key, json);
          }
        }
        return json;
      }
    };
  }

  private byte[] stored(Bytes key) {
    try {
      return inner.get(key);
    } catch (InvalidStateStoreException | ProcessorStateException storeClosed) {
      reportIfDamaged(storeClosed);
      // closed, or (a retired copy) its files are gone: never a 500
      throw new PartitionClosedException(partition);
    }
  }

  /** A read RocksDB refused as {@code Corruption}: logged once, and the instance is not ready. */
  private void reportIfDamaged(RuntimeException failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof org.rocksdb.RocksDBException rocks
          && rocks.getStatus() != null
          && rocks.getStatus().getCode() == org.rocksdb.Status.Code.Corruption) {
        String where = storeDirectory == null ? "" : " (" + storeDirectory.getParent().getParent() + ")";
        if (indexes.storeDamaged(partition, rocks.getMessage() + where)) {
          LOG.error(
              "the leads store of partition {}{} is damaged: RocksDB says {}; its leads answer 503"
                  + " and this instance is not ready: stop it, delete that task directory and"
                  + " start it, it restores the task from the changelogs (ops/runbook.md)",
              partition,
              where,
              rocks.getMessage());
        }
        return;
      }
    }
  }

  private static Bytes key(String leadId) {
    return Bytes.wrap(leadId.getBytes(StandardCharsets.UTF_8));
  }

  private static Lead decode(byte[] json) {
    return json == null ? null : LeadJson.fromBytes(json);
  }

  /** The leads of a scan of the store; never the snapshot marker, should it be there. */
  private static Iterator<Lead> leads(KeyValueIterator<Bytes, byte[]> all) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        if (all.hasNext() && all.peekNextKey().equals(SNAPSHOT_MARKER)) {
          all.next();
        }
        return all.hasNext();
      }

      @Override
      public Lead next() {
        hasNext();
        return LeadJson.fromBytes(all.next().value);
      }
    };
  }

  /**
   * Tells the store what the next {@link #put} of {@code leadId} replaces and writes, as the
   * processor knows both: that put then updates the index without reading and decoding the
   * previous lead and the new value again. Any other write forgets it.
   */
  void expectPut(String leadId, Lead before, Lead after) {
    expected = new ExpectedPut(key(leadId), before, after);
  }

  @Override
  public void put(Bytes key, byte[] value) {
    uncommittedWrites = true;
    processedSinceCommit = true;
    ExpectedPut known = expected;
    expected = null;
    PartitionIndex current = index;
    if (current == null) {
      inner.put(key, value);
      cache.clear();
      return;
    }
    Runnable write = () -> forgetAfter(() -> inner.put(key, value), List.of(key));
    if (known != null && known.key().equals(key)) {
      current.change(write, known.before(), known.after());
    } else {
      current.change(write, decode(inner.get(key)), decode(value));
    }
  }

  @Override
  public byte[] putIfAbsent(Bytes key, byte[] value) {
    uncommittedWrites = true;
    processedSinceCommit = true;
    byte[] existing = inner.get(key);
    if (existing == null) {
      put(key, value);
    }
    return existing;
  }

  @Override
  public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
    uncommittedWrites = true;
    processedSinceCommit = true;
    expected = null;
    PartitionIndex current = index;
    if (current == null) {
      inner.putAll(entries);
      cache.clear();
      return;
    }
    List<Bytes> keys = entries.stream().map(entry -> entry.key).toList();
    current.change(() -> forgetAfter(() -> inner.putAll(entries), keys), changes(entries));
  }

  @Override
  public byte[] delete(Bytes key) {
    uncommittedWrites = true;
    processedSinceCommit = true;
    expected = null;
    byte[] existing = inner.get(key);
    PartitionIndex current = index;
    if (current == null) {
      byte[] deleted = inner.delete(key);
      cache.clear();
      return deleted;
    }
    if (existing == null) {
      return inner.delete(key);
    }
    current.change(() -> forgetAfter(() -> inner.delete(key), List.of(key)), decode(existing), null);
    return existing;
  }

  /**
   * Runs a write of the store, then drops what the cache keeps of the keys written (even when the
   * write failed part way); inside {@link PartitionIndex#change}, under the workspaces' write locks.
   */
  private void forgetAfter(Runnable storeWrite, List<Bytes> keys) {
    try {
      storeWrite.run();
    } finally {
      keys.forEach(cache::forget);
    }
  }

  /** The index changes of writing {@code entries} in order (a later one sees the earlier ones). */
  private List<LeadChange> changesOf(List<KeyValue<byte[], byte[]>> entries) {
    List<LeadChange> changes = new ArrayList<>(entries.size());
    Map<Bytes, Lead> written = new HashMap<>();
    for (KeyValue<byte[], byte[]> entry : entries) {
      Bytes key = Bytes.wrap(entry.key);
      Lead before = written.containsKey(key) ? written.get(key) : decode(inner.get(key));
      Lead after = decode(entry.value);
      written.put(key, after);
      if (before != null || after != null) {
        changes.add(new LeadChange(before, after));
      }
    }
    return changes;
  }

  private List<LeadChange> changes(List<KeyValue<Bytes, byte[]>> entries) {
    List<KeyValue<byte[], byte[]>> raw = new ArrayList<>(entries.size());
    for (KeyValue<Bytes, byte[]> entry : entries) {
      raw.add(KeyValue.pair(entry.key.get(), entry.value));
    }
    return changesOf(raw);
  }

  /**
   * Applies a batch of changelog records (restoration, or a standby task following the
   * changelog) to the store through {@code storeRestore} and to the index, as one step. A store
   * restored from scratch (empty index, large batches) builds its index once at the end instead,
   * at once as when it opens: lead by lead it would take several times longer. The end is the
   * first batch smaller than {@link #BULK_BATCH}, the processor asking ({@link #builtIndex}), or
   * {@link #QUIET_MILLIS} without a batch (a standby that caught up with an idle changelog).
   */
  synchronized void restored(
      List<KeyValue<byte[], byte[]>> records, long lastOffset, Runnable storeRestore) {
    uncommittedWrites = true;
    PartitionIndex current = index;
    if (current == null) {
      storeRestore.run();
      cache.clear();
      if (records.size() < BULK_BATCH) {
        build();
        index.changelogApplied(lastOffset);
      } else {
        deferBuild(lastOffset);
      }
      return;
    }
    if (current.size() == 0 && records.size() >= BULK_BATCH) {
      LOG.info("restoring partition {} from scratch: its index is built when that ends", partition);
      index = null;
      indexes.unregister(current);
      current.close();
      storeRestore.run();
      cache.clear();
      deferBuild(lastOffset);
      return;
    }
    List<Bytes> keys = records.stream().map(record -> Bytes.wrap(record.key)).toList();
    current.change(() -> forgetAfter(storeRestore, keys), changesOf(records));
    current.changelogApplied(lastOffset);
  }

  private void deferBuild(long lastOffset) {
    lastBatchNanos = System.nanoTime();
    deferredLastOffset = lastOffset;
    if (!buildScheduled) {
      buildScheduled = true;
      DEFERRED_BUILDS.schedule(this::buildWhenQuiet, QUIET_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private synchronized void buildWhenQuiet() {
    buildScheduled = false;
    if (closed || index != null) {
      return;
    }
    long quietFor = (System.nanoTime() - lastBatchNanos) / 1_000_000;
    if (quietFor < QUIET_MILLIS) {
      buildScheduled = true;
      DEFERRED_BUILDS.schedule(this::buildWhenQuiet, QUIET_MILLIS - quietFor, TimeUnit.MILLISECONDS);
      return;
    }
    try {
      build();
      index.changelogApplied(deferredLastOffset);
    } catch (RuntimeException e) {
      // the store closed under us, or RocksDB failed: the next batch or the processor builds it
      LOG.warn("could not build the index of partition {} after its restoration", partition, e);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    cache.close();
    PartitionIndex current = index;
    if (current == null) {
      openStores.closed(partition, this);
      inner.close();
      return;
    }
    boolean saved = false;
    if (retirable(current)) {
      if (snapshots) {
        saveSnapshot(current);
        saved = true;
      }
      if (retiredAsReadOnlyCopy(current)) {
        return;
      }
    }
    indexes.unregister(current);
    current.close();
    if (!saved && snapshots && current.intact() && inner.isOpen()) {
      saveSnapshot(current);
    }
    openStores.closed(partition, this);
    inner.close();
  }

  /**
   * Whether the store may leave a copy behind: instances keep them, RocksDB gets every write at
   * once (with transactional stores a dirty close drops the uncommitted ones the index has), the
   * processor wrote nothing since the last commit (every write is then in the changelog, up to
   * the index's offset), and the index is intact and knows that offset.
   */
  private boolean retirable(PartitionIndex current) {
    return indexes.retiring()
        && snapshots
        && !processedSinceCommit
        && changelog != null
        && current.changelogOffset() >= 0
        && current.intact()
        && inner.isOpen();
  }

  /**
   * Hands a read-only view of {@code current} to {@link LocalIndexes#retire} in place of {@code
   * current}, closes {@code current} (after the reads under way) and the store, and has the view
   * read the store's files opened read-only from then on. Reads of the copy wait while the store
   * closes instead of failing. False, with nothing closed, when no copy is taken; when the files
   * cannot be opened the copy is dropped and the store closed all the same.
   */
  private boolean retiredAsReadOnlyCopy(PartitionIndex current) {
    long offset = current.changelogOffset();
    HandedOverLeads leads = new HandedOverLeads(partition, storedLeads(false));
    RetiredCopy copy =
        new RetiredCopy(
            current.readOnlyView(leads, offset),
            changelog.topic(),
            changelog.partition(),
            offset,
            leads::close,
            System.nanoTime());
    if (!indexes.retire(copy, current)) {
      copy.index().close();
      leads.close();
      return false;
    }
    current.close();
    openStores.closed(partition, this);
    boolean switched = false;
    try {
      // RocksDB runs without a write-ahead log: its close persists what it held only in memory
      switched =
          leads.switchTo(
              () -> {
                inner.close();
                return ReadOnlyLeadStore.open(storeDirectory, partition);
              });
    } catch (Exception | Error e) {
      LOG.warn("could not keep a read-only copy of partition {} ({}); it is closed", partition, e.toString());
      if (e instanceof Error error) {
        throw error;
      }
    } finally {
      if (!switched) {
        // dropped meanwhile (shutdown, its new owner answered), or its files could not be opened
        indexes.closeCopy(copy, "its store's files could not be opened read-only");
        inner.close();
      }
    }
    return true;
  }

  /**
   * Saves the index, then marks the store with the snapshot's id, written straight into RocksDB
   * (never to the changelog) just before it closes; RocksDB's close persists it.
   */
  private void saveSnapshot(PartitionIndex current) {
    long started = System.nanoTime();
    UUID id = UUID.randomUUID();
    try {
      long bytes = IndexSnapshots.write(current, id, snapshotFile);
      if (!uncommittedWrites && changelog != null && committedChangelogOffset >= 0) {
        new SnapshotCommit(id, committedChangelogOffset).write(commitFile());
      } else {
        Files.deleteIfExists(commitFile());
      }
      inner.put(
          SNAPSHOT_MARKER,
          ByteBuffer.allocate(16)
              .putLong(id.getMostSignificantBits())
              .putLong(id.getLeastSignificantBits())
              .array());
      metrics.indexSnapshotWritten();
      LOG.info(
          "saved the index of partition {} ({} leads, {} bytes) in {} ms",
          partition,
          current.size(),
          bytes,
          (System.nanoTime() - started) / 1_000_000);
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "could not save the index of partition {} ({}); its next start builds it from the store",
          partition,
          e.toString());
      deleteSnapshotFile();
    }
  }

  /** The context the RocksDB store sees: the task's, except that its restore callback is ours. */
  private final class IndexingContext extends DelegatingStateStoreContext {
    IndexingContext(StateStoreContext delegate) {
      super(delegate);
    }

    @Override
    protected StateRestoreCallback restoreCallback(StateRestoreCallback storeCallback) {
      return IndexingRestoreCallback.around(storeCallback, IndexedLeadStore.this);
    }
  }

  // Everything below only delegates.

  @Override
  public byte[] get(Bytes key) {
    return inner.get(key);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
    return inner.range(from, to);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
    return inner.reverseRange(from, to);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> all() {
    return inner.all();
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> reverseAll() {
    return inner.reverseAll();
  }

  @Override
  public <PS extends Serializer<P>, P>
      KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS prefixKeySerializer) {
    return inner.prefixScan(prefix, prefixKeySerializer);
  }

  @Override
  public ReadOnlyKeyValueStore<Bytes, byte[]> readOnly(IsolationLevel isolationLevel) {
    return inner.readOnly(isolationLevel);
  }

  @Override
  public long approximateNumEntries() {
    return inner.approximateNumEntries();
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  @SuppressWarnings("deprecation")
  public void flush() {
    inner.flush();
  }

  @Override
  public void commit(Map<TopicPartition, Long> changelogOffsets) {
    inner.commit(changelogOffsets);
    // Kafka Streams commits the store with its changelog partition's offset (negative: unknown)
    boolean offsetNamed = false;
    for (Map.Entry<TopicPartition, Long> committed : changelogOffsets.entrySet()) {
      changelog = committed.getKey();
      committedChangelogOffset = committed.getValue() == null ? -1 : committed.getValue();
      offsetNamed = committedChangelogOffset >= 0;
    }
    uncommittedWrites = false;
    if (offsetNamed) {
      processedSinceCommit = false;
    }
    PartitionIndex current = index;
    if (current != null && offsetNamed) {
      // the store now holds its changelog up to that offset: how far behind a copy is, even while
      // Kafka Streams, moving its task, does not report it
      current.changelogApplied(committedChangelogOffset);
    }
  }

  @Override
  public Long committedOffset(TopicPartition partition) {
    return inner.committedOffset(partition);
  }

  @Override
  @SuppressWarnings("deprecation")
  public boolean managesOffsets() {
    return inner.managesOffsets();
  }

  @Override
  public boolean persistent() {
    return inner.persistent();
  }

  @Override
  public boolean isOpen() {
    return inner.isOpen();
  }

  @Override
  public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
    return inner.query(query, positionBound, config);
  }

  @Override
  public long approximateNumUncommittedBytes() {
    return inner.approximateNumUncommittedBytes();
  }

  @Override
  public Position getPosition() {
    return inner.getPosition();
  }
}
