package ai.buena.leads.projection;

import ai.buena.leads.index.PartitionClosedException;
import ai.buena.leads.index.PartitionLeads;
import ai.buena.leads.lead.Lead;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * The leads a retired copy reads: the task's store while that closes, then the store's files
 * opened read-only. Reads wait while it switches (the store's close persists what RocksDB held
 * only in memory, which the read-only handle then sees), so none fails in between; once closed,
 * or when the switch failed, every read throws {@link PartitionClosedException}.
 */
final class HandedOverLeads implements PartitionLeads {
  /** Closes the task's store, then opens its files read-only. */
  @FunctionalInterface
  interface Switch {
    ReadOnlyLeadStore closeStoreAndOpenFiles() throws Exception;
  }

  private final int partition;
  /** Reads hold it shared; the switch and the close alone. */
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private PartitionLeads source;
  private ReadOnlyLeadStore files;
  private boolean closed;

  HandedOverLeads(int partition, PartitionLeads taskStore) {
    this.partition = partition;
    this.source = taskStore;
  }

  @Override
  public Lead lead(String leadId) {
    return read(leads -> leads.lead(leadId));
  }

  @Override
  public byte[] storedJson(String leadId) {
    return read(leads -> leads.storedJson(leadId));
  }

  private <T> T read(Function<PartitionLeads, T> read) {
    lock.readLock().lock();
    try {
      if (closed) {
        throw new PartitionClosedException(partition);
      }
      return read.apply(source);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Runs {@code handOver} while no read runs, and reads the files it opened from then on; false,
   * without running it, when the leads were closed already. When it fails the leads are closed,
   * and the failure is thrown.
   */
  boolean switchTo(Switch handOver) throws Exception {
    lock.writeLock().lock();
    try {
      if (closed) {
        return false;
      }
      try {
        files = handOver.closeStoreAndOpenFiles();
        source = files;
        return true;
      } catch (Exception | Error e) {
        closed = true;
        throw e;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Closes the read-only handle (after the reads under way); reads after it fail. */
  void close() {
    lock.writeLock().lock();
    try {
      closed = true;
      if (files != null) {
        files.close();
        files = null;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
