package ai.buena.leads.index;

import ai.buena.leads.lead.Lead;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The query indexes of one partition of the {@code leads} store, derived from it: built from the
 * store when it opens and changed by the store in the same step as its contents (see {@code
 * projection.IndexedLeadStore}), on active and standby tasks alike. Each
 * workspace's index has its own lock: readers of a workspace see its index and its leads in the
 * store in the same state (the processor changes both under that workspace's write lock), and a
 * reader of one workspace never holds up the changes or the readers of another.
 */
public final class PartitionIndex {
  private final int partition;
  private final PartitionLeads leadStore;
  private final Map<String, Guarded> workspaces;
  /** Set once by {@link #close}: reads from then on are refused. */
  private volatile boolean closed;
  /** Every read holds it shared; {@link #close} takes it alone, so no read outlives the store. */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  /**
   * Counts the changes (one thread at a time writes it: the task's state updater while it
   * restores or stands by, then its stream thread); each workspace keeps its last.
   */
  private long changes;
  private volatile long lastChangeMillis;
  private volatile long changelogOffset = -1;
  /** Set when a change failed half way: the index may then differ from its store. */
  private volatile boolean damaged;

  /** One workspace's index, its lock, and the partition's change count at its last change. */
  private static final class Guarded {
    final WorkspaceIndex index = new WorkspaceIndex();
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    long version;
  }

  public PartitionIndex(int partition, PartitionLeads leadStore) {
    this(partition, leadStore, new ConcurrentHashMap<>());
  }

  private PartitionIndex(int partition, PartitionLeads leadStore, Map<String, Guarded> workspaces) {
    this.partition = partition;
    this.leadStore = leadStore;
    this.workspaces = workspaces;
  }

  /**
   * The same index read through another store and with a lifecycle of its own: closing the view
   * waits for its reads and refuses later ones, and leaves this index open. For a copy of a
   * partition that answers before its store opens ({@code projection.SnapshotPreloads}), or after
   * its task closed ({@link RetiredCopy}): the view must be closed before this index changes, and
   * is never changed through.
   *
   * @param leadStore where the view's reads find the leads (the state this index holds)
   * @param changelogOffset the changelog offset of that state
   */
  public PartitionIndex readOnlyView(PartitionLeads leadStore, long changelogOffset) {
    PartitionIndex view = new PartitionIndex(partition, leadStore, workspaces);
    view.changelogOffset = changelogOffset;
    view.lastChangeMillis = lastChangeMillis;
    return view;
  }

  public int partition() {
    return partition;
  }

  /** How many leads this partition indexes (all workspaces). */
  public long size() {
    long total = 0;
    for (Guarded workspace : workspaces.values()) {
      workspace.lock.readLock().lock();
      try {
        total += workspace.index.size();
      } finally {
        workspace.lock.readLock().unlock();
      }
    }
    return total;
  }

  /**
   * Runs a change of the store and the index as one step for readers of the workspaces it touches
   * ({@code before}'s and {@code after}'s), under their write locks.
   */
  public void change(Runnable storeWrite, Lead before, Lead after) {
    change(storeWrite, List.of(new LeadChange(before, after)));
  }

  /**
   * Runs a write of several leads to the store and their changes to the index, in order, as one
   * step for readers of the workspaces they touch, under the write locks of all of them.
   */
  public void change(Runnable storeWrite, List<LeadChange> leadChanges) {
    TreeSet<String> touched = new TreeSet<>();
    for (LeadChange change : leadChanges) {
      if (change.before() != null) {
        touched.add(change.before().workspaceId());
      }
      if (change.after() != null) {
        touched.add(change.after().workspaceId());
      }
    }
    List<Guarded> locked = new ArrayList<>(touched.size());
    for (String workspaceId : touched) {
      Guarded workspace = workspaces.computeIfAbsent(workspaceId, ws -> new Guarded());
      workspace.lock.writeLock().lock();
      locked.add(workspace);
    }
    try {
      long version = ++changes;
      locked.forEach(workspace -> workspace.version = version);
      storeWrite.run();
      try {
        for (LeadChange change : leadChanges) {
          apply(change.before(), change.after());
        }
      } catch (RuntimeException | Error e) {
        damaged = true;
        throw e;
      }
      int at = 0;
      for (String workspaceId : touched) {
        Guarded workspace = locked.get(at++);
        if (workspace.index.size() == 0) {
          workspaces.remove(workspaceId, workspace);
        }
      }
      lastChangeMillis = System.currentTimeMillis();
    } finally {
      locked.forEach(workspace -> workspace.lock.writeLock().unlock());
    }
  }

  /** Under the write locks of both leads' workspaces; emptied workspaces are dropped after. */
  private void apply(Lead before, Lead after) {
    if (before != null && (after == null || !before.workspaceId().equals(after.workspaceId()))) {
      Guarded old = workspaces.get(before.workspaceId());
      old.index.remove(before.id());
    }
    if (after != null) {
      WorkspaceIndex workspace = workspaces.get(after.workspaceId()).index;
      workspace.put(workspace.summarize(after));
    }
  }

  /** A lead's change: {@code before} null when it is new, {@code after} null when it is gone. */
  public record LeadChange(Lead before, Lead after) {}

  /**
   * Records that the changes applied so far include the changelog up to {@code offset} (the
   * store's restore path, which standby tasks use to follow the changelog, knows it).
   */
  public void changelogApplied(long offset) {
    changelogOffset = offset;
  }

  /**
   * The changelog offset of the last record applied through the changelog (restoration, or a
   * standby task following it), or of the store's last commit; -1 when neither happened since the
   * index was built. An active task's own writes do not move it: they are ahead of the changelog
   * until Kafka Streams commits them.
   */
  public long changelogOffset() {
    return changelogOffset;
  }

  /** Wall-clock time (epoch millis) of the last change applied, or of the build; 0 before. */
  public long lastChangeMillis() {
    return lastChangeMillis;
  }

  /**
   * Builds the index from every lead of the store, at once: each lead is added to all but the
   * ordered lists, which are then sorted once per workspace and field. Runs before the index is
   * registered, so no reader sees it half built.
   */
  public void loadAll(Iterator<Lead> leads) {
    long version = ++changes;
    while (leads.hasNext()) {
      Lead lead = leads.next();
      Guarded workspace = workspaces.computeIfAbsent(lead.workspaceId(), ws -> new Guarded());
      workspace.version = version;
      workspace.index.putUnordered(workspace.index.summarize(lead));
    }
    workspaces.values().forEach(workspace -> workspace.index.sortAll());
    lastChangeMillis = System.currentTimeMillis();
  }

  /**
   * Whether the index holds exactly what its store's writes made of it: false once a change
   * failed between the store's write and the index's (a snapshot of it must not be written).
   */
  public boolean intact() {
    return !damaged;
  }

  /** Writes every workspace's index, each under its read lock. */
  void writeTo(SnapshotOutput out) {
    List<Map.Entry<String, Guarded>> entries = new ArrayList<>(workspaces.entrySet());
    out.putInt(entries.size());
    for (Map.Entry<String, Guarded> entry : entries) {
      Guarded workspace = entry.getValue();
      workspace.lock.readLock().lock();
      try {
        out.putString(entry.getKey());
        workspace.index.writeTo(out);
      } finally {
        workspace.lock.readLock().unlock();
      }
    }
  }

  /** The index {@link #writeTo} wrote, as {@link #loadAll} would have built it. */
  static PartitionIndex readFrom(SnapshotInput in, int partition, PartitionLeads leadStore) {
    PartitionIndex index = new PartitionIndex(partition, leadStore);
    long version = ++index.changes;
    int count = in.getCount();
    for (int i = 0; i < count; i++) {
      String workspaceId = in.getString();
      Guarded workspace = new Guarded();
      workspace.version = version;
      workspace.index.readFrom(in);
      if (workspaceId == null || index.workspaces.put(workspaceId, workspace) != null) {
        throw new CorruptSnapshotException("a workspace without an id, or twice");
      }
    }
    index.lastChangeMillis = System.currentTimeMillis();
    return index;
  }

  /**
   * Closes the index when its task closes, before its store does: every read from now on throws
   * {@link PartitionClosedException}, and this returns once the reads already under way are done.
   */
  public void close() {
    closed = true;
    lifecycle.writeLock().lock();
    lifecycle.writeLock().unlock();
  }

  /** Runs {@code read} while the index is open; close waits for it. */
  private <T> T whileOpen(Supplier<T> read) {
    lifecycle.readLock().lock();
    try {
      requireOpen();
      return read.get();
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** Open and whole: a change that failed half way leaves no reader an index half changed. */
  private void requireOpen() {
    if (closed || damaged) {
      throw new PartitionClosedException(partition);
    }
  }

  /** Runs a read of one workspace under its read lock; the reader sees no change half done. */
  public <T> T read(String workspaceId, Function<View, T> reader) {
    return whileOpen(() -> readOpen(workspaceId, reader));
  }

  private <T> T readOpen(String workspaceId, Function<View, T> reader) {
    Guarded workspace = workspaces.get(workspaceId);
    if (workspace == null) {
      return reader.apply(new View(null, 0));
    }
    workspace.lock.readLock().lock();
    try {
      return reader.apply(new View(workspace.index, workspace.version));
    } finally {
      workspace.lock.readLock().unlock();
    }
  }

  /**
   * Runs a read of one workspace in several partitions at once, holding its read lock in each of
   * them (for reads that compare across partitions; keep them short).
   */
  public static <T> T readTogether(
      List<PartitionIndex> partitions, String workspaceId, Function<List<View>, T> reader) {
    // in partition order, so two such reads and the closing of tasks cannot wait on each other
    List<PartitionIndex> byPartition = new ArrayList<>(partitions);
    byPartition.sort(Comparator.comparingInt(PartitionIndex::partition));
    List<PartitionIndex> opened = new ArrayList<>(byPartition.size());
    try {
      for (PartitionIndex partition : byPartition) {
        partition.lifecycle.readLock().lock();
        opened.add(partition);
        partition.requireOpen();
      }
      // the workspace locks too: a writer queued on one must not wait behind a reader that
      // waits for another in a different order
      return readTogetherOpen(
          byPartition,
          workspaceId,
          sorted -> {
            List<View> views = new ArrayList<>(partitions.size());
            for (PartitionIndex partition : partitions) {
              views.add(sorted.get(byPartition.indexOf(partition)));
            }
            return reader.apply(views);
          });
    } finally {
      opened.forEach(partition -> partition.lifecycle.readLock().unlock());
    }
  }

  private static <T> T readTogetherOpen(
      List<PartitionIndex> partitions, String workspaceId, Function<List<View>, T> reader) {
    List<Guarded> locked = new ArrayList<>(partitions.size());
    try {
      List<View> views = new ArrayList<>(partitions.size());
      for (PartitionIndex partition : partitions) {
        Guarded workspace = partition.workspaces.get(workspaceId);
        if (workspace == null) {
          views.add(partition.new View(null, 0));
        } else {
          workspace.lock.readLock().lock();
          locked.add(workspace);
          views.add(partition.new View(workspace.index, workspace.version));
        }
      }
      return reader.apply(views);
    } finally {
      locked.forEach(workspace -> workspace.lock.readLock().unlock());
    }
  }

  /** The lead as the store holds it now (one read, whatever any lock). */
  public Lead lead(String leadId) {
    return whileOpen(() -> leadStore.lead(leadId));
  }

  /** What a reader of one workspace may see; valid only inside {@link #read}. */
  public final class View {
    private final WorkspaceIndex workspace;
    private final long version;

    private View(WorkspaceIndex workspace, long version) {
      this.workspace = workspace;
      this.version = version;
    }

    /** The workspace's index in this partition, null when it has no lead here. */
    public WorkspaceIndex workspace() {
      return workspace;
    }

    /** Changes with every change of the workspace here; equal versions see the same leads. */
    public long version() {
      return version;
    }

    public Lead lead(String leadId) {
      return leadStore.lead(leadId);
    }

    /** The lead's JSON as the store holds it, not decoded ({@link PartitionLeads#storedJson}). */
    public byte[] storedJson(String leadId) {
      return leadStore.storedJson(leadId);
    }
  }
}
