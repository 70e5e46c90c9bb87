package ai.buena.leads.projection;

import ai.buena.leads.index.IndexSnapshots;
import ai.buena.leads.index.PartitionClosedException;
import ai.buena.leads.index.PartitionLeads;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.lead.Lead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.streams.processor.TaskId;
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
 */
public final class SnapshotPreloads implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotPreloads.class);

  /** The Streams property under which the stores find this instance's preloads. */
  static final String CONFIG = "leads.projection.snapshot-preloads";

  /**
   * Heap an index takes per byte of its snapshot file, rounded up: at 1,000,000 leads 219 MB of
   * files made about 500 MB of live heap (class histogram after a restart).
   */
  static final int HEAP_PER_FILE_BYTE = 3;

  private static final SnapshotPreloads NONE = new SnapshotPreloads(null);

  private final Map<Path, Preload> byFile = new ConcurrentHashMap<>();
  private final ExecutorService readers;

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
    return start(applicationStateDir, threads, Runtime.getRuntime().maxMemory() / 2);
  }

  /**
   * As {@link #start(Path, int)}, preloading no more snapshots than fit {@code heapBudget} bytes
   * of heap, at {@link #HEAP_PER_FILE_BYTE} per byte of file: the directory may hold snapshots of
   * tasks this instance no longer has, which are read only to be dropped. The rest are read when
   * their stores open.
   */
  static SnapshotPreloads start(Path applicationStateDir, int threads, long heapBudget) {
    List<Preload> found = withinBudget(find(applicationStateDir), heapBudget);
    if (found.isEmpty()) {
      return none();
    }
    SnapshotPreloads preloads = new SnapshotPreloads(readerThreads(Math.min(threads, found.size())));
    for (Preload preload : found) {
      preloads.byFile.put(preload.file, preload);
      preloads.readers.execute(preload.read);
    }
    LOG.info("reading {} index snapshots in the background", found.size());
    return preloads;
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
   * it, once. Empty when there is none (the store reads the file itself).
   */
  Optional<Preload> claim(Path snapshotFile, int partition) {
    Preload preload = byFile.remove(key(snapshotFile));
    if (preload == null || preload.partition != partition) {
      return Optional.empty();
    }
    return Optional.of(preload);
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
            "preloading {} of {} index snapshots: the others would not fit half the heap",
            within.size(),
            found.size());
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
              found.add(new Preload(key(file), task.get().partition(), size(file)));
            }
          });
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("could not look for index snapshots in {}: {}", applicationStateDir, e.toString());
      return List.of();
    }
    found.sort(Comparator.comparingInt(preload -> preload.partition));
    return found;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
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
    AtomicInteger count = new AtomicInteger();
    return Executors.newFixedThreadPool(
        threads,
        work -> {
          Thread thread = new Thread(work, "index-snapshot-preload-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  /** One snapshot file being read in the background. */
  static final class Preload {
    private final Path file;
    private final int partition;
    private final long fileBytes;
    private final FutureTask<IndexSnapshots.Loaded> read;
    private final long queuedNanos = System.nanoTime();
    private volatile PartitionLeads leadStore;
    private volatile long readNanos = -1;

    private Preload(Path file, int partition, long fileBytes) {
      this.file = file;
      this.partition = partition;
      this.fileBytes = fileBytes;
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
