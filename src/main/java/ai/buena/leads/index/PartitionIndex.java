package ai.buena.leads.index;

import ai.buena.leads.lead.Lead;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * The query indexes of one partition of the {@code leads} store, derived from it: rebuilt from the
 * store when its task starts and changed by the processor in the same step as the store. Readers
 * see the index and the store in the same state: the processor changes both under the write lock.
 */
public final class PartitionIndex {
  private final int partition;
  private final Function<String, Lead> leadStore;
  private final Map<String, WorkspaceIndex> workspaces = new HashMap<>();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  /** Counts the changes, so a reader can tell whether what it saw under an earlier lock still holds. */
  private long version;

  public PartitionIndex(int partition, Function<String, Lead> leadStore) {
    this.partition = partition;
    this.leadStore = leadStore;
  }

  public int partition() {
    return partition;
  }

  /** How many leads this partition indexes (all workspaces). */
  public long size() {
    lock.readLock().lock();
    try {
      long total = 0;
      for (WorkspaceIndex workspace : workspaces.values()) {
        total += workspace.size();
      }
      return total;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Runs a change of the store and the index as one step for readers. */
  public void change(Runnable storeWrite, Lead before, Lead after) {
    lock.writeLock().lock();
    try {
      version++;
      storeWrite.run();
      if (before != null && (after == null || !before.workspaceId().equals(after.workspaceId()))) {
        WorkspaceIndex old = workspaces.get(before.workspaceId());
        if (old != null) {
          old.remove(before.id());
          if (old.size() == 0) {
            workspaces.remove(before.workspaceId());
          }
        }
      }
      if (after != null) {
        WorkspaceIndex workspace = workspaces.computeIfAbsent(after.workspaceId(), ws -> new WorkspaceIndex());
        workspace.put(workspace.summarize(after));
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Builds the index from every lead of the store, at once: each lead is added to all but the
   * ordered lists, which are then sorted once per workspace and field.
   */
  public void loadAll(Iterator<Lead> leads) {
    lock.writeLock().lock();
    try {
      version++;
      while (leads.hasNext()) {
        Lead lead = leads.next();
        WorkspaceIndex workspace = workspaces.computeIfAbsent(lead.workspaceId(), ws -> new WorkspaceIndex());
        workspace.putUnordered(workspace.summarize(lead));
      }
      workspaces.values().forEach(WorkspaceIndex::sortAll);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Runs a read under the read lock; the reader sees no change half done. */
  public <T> T read(Function<View, T> reader) {
    lock.readLock().lock();
    try {
      return reader.apply(new View());
    } finally {
      lock.readLock().unlock();
    }
  }

  public void lockForRead() {
    lock.readLock().lock();
  }

  public void unlockRead() {
    lock.readLock().unlock();
  }

  /** What a reader may see; valid only while the read lock is held. */
  public final class View {
    public WorkspaceIndex workspace(String workspaceId) {
      return workspaces.get(workspaceId);
    }

    /** Changes with every change of the partition; equal versions see the same leads. */
    public long version() {
      return version;
    }

    public Lead lead(String leadId) {
      return leadStore.apply(leadId);
    }
  }

  public View view() {
    return new View();
  }
}
