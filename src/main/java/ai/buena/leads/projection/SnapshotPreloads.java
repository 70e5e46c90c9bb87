package ai.buena.leads.projection;

import ai.buena.leads.index.IndexSnapshots;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionClosedException;
import ai.buena.leads.index.PartitionLeads;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.index.RetiredCopy;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.threads.DaemonThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.TaskId;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the index snapshots found in an instance's state directory in the background from the
 * moment the process starts, so that a {@code leads} store, which Kafka Streams opens only after
 * it has started and joined its group, finds its index read or being read.
 *
 * <p>This changes when a snapshot is read, never whether it is used: a preloaded index is handed
 * only to the store of its own task directory ({@link #claim}), which uses it only if its
 * snapshot id is the one the store's marker names, exactly as it would a file it read itself
 * ({@link IndexedLeadStore}). Until then the index belongs to no store and no query can reach it.
 * What no store claimed by the projection's first RUNNING is dropped ({@link #discardUnclaimed}).
 *
 * <p>Start-up copies ({@link #serveStartUpCopies}): once a snapshot is read, the partition may
 * answer from it (stale-labelled, as a {@link RetiredCopy}) before Kafka Streams opens its store,
 * over that store opened read-only ({@link ReadOnlyLeadStore}), only when all of these hold: the
 * store on disk still holds the snapshot marker naming this snapshot (so its contents are the
 * snapshot's, see {@link IndexedLeadStore}); Kafka Streams marked it closed; the snapshot was saved
 * right after a commit with nothing written since ({@link SnapshotCommit}); and the changelog offset
 * of that commit equals the one Kafka Streams committed in the store. The copy is closed when its
 * store has opened and registered the index it claimed (before that index may change: the
 * partition is never without an index that answers), when the preloads are dropped, at the
 * latest at the first RUNNING, or by {@link LocalIndexes} (its new owner answers, its directory is
 * gone, the instance stops).
 */
public final class SnapshotPreloads implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotPreloads.class);

  /** The Streams property under which the stores find this instance's preloads. */
  static final String CONFIG = "leads.projection.snapshot-preloads";

  /**
   * Heap an index takes per byte of its snapshot file, rounded up from the most measured: 1.7–1.8 on
   * the generated data, up to 2.9 on hostile data (long Unicode values, numbered names).
   */
  static final int HEAP_PER_FILE_BYTE = 3;

  /**
   * The share of the heap preloads may take. The snapshots an instance saved at its last stop were
   * all in its heap then, and it needs them again; the rest of the heap is for starting up.
   */
  static final double HEAP_SHARE = 0.75;

  private static final SnapshotPreloads NONE = new SnapshotPreloads(null);

  private final Map<Path, Preload> byFile = new ConcurrentHashMap<>();
  private final ExecutorService readers;
  /** Where start-up copies go, once the instance keeps them; null before. */
  private volatile StartUpCopies startUpCopies;

  private record StartUpCopies(LocalIndexes indexes, String changelogTopic) {}

  private SnapshotPreloads(ExecutorService readers) {
    this.readers = readers;
  }

  /** No preloading: every store reads its own snapshot when it opens. */
  public static SnapshotPreloads none() {
    return NONE;
  }

  /**
   * Starts reading every {@code leads} index snapshot in the task directories of {@code
   * applicationStateDir} (Kafka Streams' {@code <state.dir>/<application.id>}) on {@code threads}
   * background threads.
   */
  public static SnapshotPreloads start(Path applicationStateDir, int threads) {
    return start(applicationStateDir, threads, (long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE));
  }

  /**
   * As {@link #start(Path, int)}, preloading no more snapshots than fit {@code heapBudget} bytes
   * of heap, at {@link #HEAP_PER_FILE_BYTE} per byte of file, the newest first: the directory may
   * hold older snapshots of tasks this instance no longer has, which are read only to be dropped.
   * The rest are read when their stores open.
   */
  static SnapshotPreloads start(Path applicationStateDir, int threads, long heapBudget) {
    List<Preload> found = withinBudget(find(applicationStateDir), heapBudget);
    if (found.isEmpty()) {
      return none();
    }
    SnapshotPreloads preloads = new SnapshotPreloads(readerThreads(Math.min(threads, found.size())));
    for (Preload preload : found) {
      preloads.byFile.put(preload.file, preload);
      preloads.readers.execute(
          () -> {
            preload.read.run();
            preloads.offerStartUpCopy(preload);
          });
    }
    LOG.info("reading {} index snapshots in the background", found.size());
    return preloads;
  }

  /**
   * From now on every snapshot read (those read already at once) is offered to {@code indexes} as
   * a start-up copy, when it provably matches its store on disk (see the class comment); {@code
   * indexes} takes it only when it keeps stale copies ({@link LocalIndexes#offerStartUpCopy}).
   *
   * @param changelogTopic the leads store's changelog, whose offsets the copies are measured in
   */
  public void serveStartUpCopies(LocalIndexes indexes, String changelogTopic) {
    startUpCopies = new StartUpCopies(indexes, changelogTopic);
    for (Preload preload : byFile.values()) {
      if (preload.read.isDone()) {
        // on the readers' threads: opening a store takes a while, and this is the start's main thread
        readers.execute(() -> offerStartUpCopy(preload));
      }
    }
  }

  private void offerStartUpCopy(Preload preload) {
    StartUpCopies to = startUpCopies;
    if (to != null && byFile.get(preload.file) == preload) {
      preload.offerStartUpCopy(to);
    }
  }

  /** The Streams properties that hand these preloads to the stores. */
  public Map<String, Object> streamsProperties() {
    return Map.of(CONFIG, this);
  }

  /** The preloads a store's application configuration carries, or none. */
  static SnapshotPreloads of(Map<String, ?> appConfigs) {
    return appConfigs.get(CONFIG) instanceof SnapshotPreloads preloads ? preloads : NONE;
  }

  /**
   * The preload of {@code snapshotFile} for {@code partition}, taken out: at most one store gets
   * it, once. Empty when there is none (the store reads the file itself). Its start-up copy, if
   * one answers, keeps answering until the store calls {@link Preload#handedOver} (once its index
   * answers for the partition, before that index may change).
   */
  Optional<Preload> claim(Path snapshotFile, int partition) {
    Preload preload = byFile.remove(key(snapshotFile));
    if (preload == null) {
      return Optional.empty();
    }
    if (preload.partition != partition) {
      preload.taken("its store opens here");
      return Optional.empty();
    }
    preload.claimed();
    return Optional.of(preload);
  }

  /** Whether every snapshot found has been read and offered as a start-up copy, or taken (for tests). */
  boolean allOffered() {
    return byFile.values().stream().allMatch(preload -> preload.offered);
  }

  /** Whether every snapshot found has been read, or dropped (for tests). */
  boolean allRead() {
    return byFile.values().stream().allMatch(preload -> preload.read.isDone());
  }

  /** Drops what no store claimed (tasks this instance does not hold); a later store reads its file. */
  public void discardUnclaimed() {
    int dropped = 0;
    for (Path file : List.copyOf(byFile.keySet())) {
      Preload preload = byFile.remove(file);
      if (preload != null) {
        preload.read.cancel(false);
        preload.taken("the projection runs");
        dropped++;
      }
    }
    if (dropped > 0) {
      LOG.info("dropped {} preloaded index snapshots no task of this instance opened", dropped);
    }
  }

  @Override
  public void close() {
    discardUnclaimed();
    if (readers != null) {
      readers.shutdownNow();
    }
  }

  private static List<Preload> withinBudget(List<Preload> found, long heapBudget) {
    List<Preload> within = new ArrayList<>();
    long heap = 0;
    for (Preload preload : found) {
      heap += preload.fileBytes * HEAP_PER_FILE_BYTE;
      if (heap > heapBudget) {
        LOG.info(
            "preloading the newest {} of {} index snapshots: the others would not fit {} % of the heap",
            within.size(),
            found.size(),
            Math.round(HEAP_SHARE * 100));
        break;
      }
      within.add(preload);
    }
    return within;
  }

  private static List<Preload> find(Path applicationStateDir) {
    if (!Files.isDirectory(applicationStateDir)) {
      return List.of();
    }
    List<Preload> found = new ArrayList<>();
    try (Stream<Path> taskDirs = Files.list(applicationStateDir)) {
      taskDirs.forEach(
          taskDir -> {
            Path file = taskDir.resolve(IndexedLeadStore.SNAPSHOT_FILE);
            Optional<TaskId> task = taskId(taskDir);
            if (task.isPresent() && Files.isRegularFile(file)) {
              BasicFileAttributes attributes = attributes(file);
              found.add(
                  new Preload(
                      key(file),
                      task.get().partition(),
                      attributes.size(),
                      attributes.lastModifiedTime().toMillis()));
            }
          });
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("could not look for index snapshots in {}: {}", applicationStateDir, e.toString());
      return List.of();
    }
    found.sort(
        Comparator.comparingLong((Preload preload) -> preload.modifiedMillis)
            .reversed()
            .thenComparingInt(preload -> preload.partition));
    return found;
  }

  private static BasicFileAttributes attributes(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<TaskId> taskId(Path taskDir) {
    try {
      return Optional.of(TaskId.parse(taskDir.getFileName().toString()));
    } catch (RuntimeException notATaskDirectory) {
      return Optional.empty();
    }
  }

  private static Path key(Path file) {
    return file.toAbsolutePath().normalize();
  }

  private static ExecutorService readerThreads(int threads) {
    return Executors.newFixedThreadPool(
        threads,
        DaemonThreads.numbered("index-snapshot-preload-"));
  }

  /** One snapshot file being read in the background. */
  static final class Preload {
    private final Path file;
    private final int partition;
    private final long fileBytes;
    private final long modifiedMillis;
    private final FutureTask<IndexSnapshots.Loaded> read;
    private final long queuedNanos = System.nanoTime();
    private volatile PartitionLeads leadStore;
    private volatile long readNanos = -1;
    /** Set once a store claimed it or it was dropped: no start-up copy from then on. */
    private boolean taken;
    /** Whether it was offered as a start-up copy once read (whatever came of it). */
    private volatile boolean offered;
    private RetiredCopy startUpCopy;
    private LocalIndexes copyHolder;

    private Preload(Path file, int partition, long fileBytes, long modifiedMillis) {
      this.file = file;
      this.partition = partition;
      this.fileBytes = fileBytes;
      this.modifiedMillis = modifiedMillis;
      this.leadStore = leadId -> {
        throw new PartitionClosedException(partition);
      };
      this.read = new FutureTask<>(this::readFile);
    }

    private IndexSnapshots.Loaded readFile() throws IOException {
      long started = System.nanoTime();
      IndexSnapshots.Loaded loaded =
          IndexSnapshots.readAnyId(file, partition, new LateBoundLeads());
      readNanos = System.nanoTime() - started;
      LOG.info(
          "read the index snapshot of partition {} in the background: {} leads in {} ms ({} ms after the preloads started)",
          partition,
          loaded.index().size(),
          readNanos / 1_000_000,
          (System.nanoTime() - queuedNanos) / 1_000_000);
      return loaded;
    }

    /**
     * Makes the start-up copy of this snapshot and hands it to {@code to}, if it was read, is not
     * taken, and provably matches the store on disk; otherwise logs why not (a store opening will
     * decide for itself, as always).
     */
    synchronized void offerStartUpCopy(StartUpCopies to) {
      if (taken || offered || !read.isDone() || read.isCancelled()) {
        return;
      }
      try {
        makeStartUpCopy(to);
      } finally {
        offered = true;
      }
    }

    private void makeStartUpCopy(StartUpCopies to) {
      IndexSnapshots.Loaded loaded;
      try {
        loaded = read.get();
      } catch (ExecutionException | InterruptedException | RuntimeException failed) {
        return; // the store reads the file again, and says why it cannot
      }
      Path taskDir = file.getParent();
      Path storeDirectory = taskDir.resolve("rocksdb").resolve(Names.LEADS_STORE);
      TopicPartition changelog = new TopicPartition(to.changelogTopic(), partition);
      ReadOnlyLeadStore store = null;
      try {
        Optional<SnapshotCommit> commit =
            SnapshotCommit.read(taskDir.resolve(SnapshotCommit.FILE));
        if (commit.isEmpty() || !commit.get().snapshotId().equals(loaded.id())) {
          LOG.info(
              "partition {} has no start-up copy: its snapshot was not saved right after a commit",
              partition);
          return;
        }
        store = ReadOnlyLeadStore.open(storeDirectory, partition);
        Optional<String> mismatch = mismatch(store, loaded.id(), commit.get(), changelog);
        if (mismatch.isPresent()) {
          LOG.info("partition {} has no start-up copy: {}", partition, mismatch.get());
          store.close();
          return;
        }
        long offset = commit.get().changelogOffset();
        PartitionIndex view = loaded.index().readOnlyView(store, offset);
        RetiredCopy copy =
            RetiredCopy.atStartUp(view, changelog.topic(), offset, store::close);
        if (to.indexes().offerStartUpCopy(copy)) {
          startUpCopy = copy;
          copyHolder = to.indexes();
        } else {
          view.close();
          store.close();
        }
      } catch (IOException | RocksDBException | RuntimeException e) {
        LOG.info("partition {} has no start-up copy: {}", partition, e.toString());
        if (store != null) {
          store.close();
        }
      }
    }

    /** Why {@code store} on disk is not the state of snapshot {@code id} at {@code commit}'s offset. */
    private static Optional<String> mismatch(
        ReadOnlyLeadStore store, UUID id, SnapshotCommit commit, TopicPartition changelog)
        throws RocksDBException {
      Optional<UUID> marker = store.snapshotMarker();
      if (marker.isEmpty() || !marker.get().equals(id)) {
        return Optional.of("its store on disk does not name its snapshot (changed since)");
      }
      if (!store.closedByKafkaStreams()) {
        return Optional.of("Kafka Streams did not mark its store closed");
      }
      OptionalLong committed = store.committedOffset(changelog);
      if (committed.isEmpty() || committed.getAsLong() != commit.changelogOffset()) {
        return Optional.of(
            "its store committed changelog offset "
                + (committed.isEmpty() ? "(none)" : committed.getAsLong())
                + ", its snapshot was saved at "
                + commit.changelogOffset());
      }
      return Optional.empty();
    }

    /** No start-up copy from now on; the one answering is closed (reads under way finish first). */
    synchronized void taken(String why) {
      taken = true;
      if (startUpCopy != null) {
        copyHolder.closeCopy(startUpCopy, why);
        startUpCopy = null;
      }
    }

    /** No start-up copy from now on; the one answering, if any, answers until {@link #handedOver}. */
    synchronized void claimed() {
      taken = true;
    }

    /**
     * Closes the start-up copy once the claiming store's index answers for the partition (or the
     * store gave up on the snapshot): reads under way finish first, and a read that finds the copy
     * closed finds the store's index when it chooses again.
     */
    synchronized void handedOver() {
      if (startUpCopy != null) {
        LOG.info("partition {} answers from the index its store opened with; its start-up copy closes", partition);
      }
      taken("its store opened here");
    }

    /** The store's leads once the store has claimed this preload; until then none can be read. */
    private final class LateBoundLeads implements PartitionLeads {
      @Override
      public Lead lead(String leadId) {
        return leadStore.lead(leadId);
      }

      @Override
      public byte[] storedJson(String leadId) {
        return leadStore.storedJson(leadId);
      }
    }

    /**
     * The index saved under {@code id}, reading its leads through {@code leadStore}: the one read
     * in the background (waiting for it if need be), or, when that read had not started yet, one
     * read now on the calling thread.
     *
     * @throws ai.buena.leads.index.CorruptSnapshotException when the file is not that snapshot
     */
    PartitionIndex index(UUID id, PartitionLeads leadStore)
        throws IOException, InterruptedException {
      this.leadStore = leadStore;
      if (read.cancel(false)) {
        return IndexSnapshots.read(file, id, partition, leadStore);
      }
      try {
        IndexSnapshots.Loaded loaded = read.get();
        // Not the snapshot the store names (one written since this read): the file may be.
        return loaded.id().equals(id)
            ? loaded.index()
            : IndexSnapshots.read(file, id, partition, leadStore);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof IOException io) {
          throw io;
        }
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        throw new IOException(e.getCause());
      }
    }

    /** Whether the index was read in the background (else on the thread that claimed it). */
    boolean readInBackground() {
      return readNanos >= 0;
    }
  }
}
