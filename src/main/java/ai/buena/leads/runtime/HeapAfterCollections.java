package ai.buena.leads.runtime;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heap in use right after each garbage collection, against a share of the most the heap may
 * grow to: above it the heap is tight (the live data nears the bound, whatever the collector
 * does next). Read from the collectors' notifications, so it costs nothing between collections.
 * Used to give up what is kept only for convenience (retired copies of partitions, each a whole
 * index) before it can cost an {@link OutOfMemoryError}.
 */
final class HeapAfterCollections implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HeapAfterCollections.class);

  private final double tightShare;
  private final long maxBytes;
  private final Consumer<String> onTight;
  private final List<NotificationEmitter> watched = new ArrayList<>();
  private final NotificationListener listener = this::collected;
  private final Set<String> heapPools;
  private volatile double lastShare = Double.NaN;
  private volatile boolean closed;

  /**
   * @param tightShare the share of the heap's maximum in use after a collection from which on the
   *     heap is tight
   * @param onTight told after each collection that left the heap tight, with a sentence saying how
   *     full (on the collectors' notification thread, which {@link #close} waits for: must not
   *     block)
   */
  HeapAfterCollections(double tightShare, long maxBytes, Consumer<String> onTight) {
    this.tightShare = tightShare;
    this.maxBytes = maxBytes;
    this.onTight = onTight;
    this.heapPools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toUnmodifiableSet());
  }

  /** Watches this JVM's collectors; {@link #close} stops. */
  static HeapAfterCollections watch(double tightShare, Consumer<String> onTight) {
    HeapAfterCollections heap =
        new HeapAfterCollections(tightShare, Runtime.getRuntime().maxMemory(), onTight);
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (collector instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(heap.listener, null, null);
        heap.watched.add(emitter);
      }
    }
    return heap;
  }

  /** Whether the last collection left the heap tight (false before the first). */
  boolean tight() {
    return lastShare >= tightShare;
  }

  /** The share of the heap's maximum in use after the last collection (NaN before the first). */
  double lastShare() {
    return lastShare;
  }

  private synchronized void collected(Notification notification, Object handback) {
    // a notification sent before the close may arrive after it
    if (closed
        || !GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
            notification.getType())) {
      return;
    }
    try {
      GarbageCollectionNotificationInfo info =
          GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
      long used = 0;
      for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
        if (heapPools.contains(pool.getKey())) {
          used += pool.getValue().getUsed();
        }
      }
      afterCollection(info.getGcName(), used);
    } catch (RuntimeException e) {
      LOG.warn("could not read a garbage collection's notification: {}", e.toString());
    }
  }

  /** One collection's outcome: {@code usedBytes} of heap in use right after it. */
  void afterCollection(String collector, long usedBytes) {
    lastShare = maxBytes > 0 ? (double) usedBytes / maxBytes : Double.NaN;
    if (tight()) {
      onTight.accept(
          String.format(
              "the heap held %d MiB of at most %d MiB (%.0f %%) after a collection (%s)",
              usedBytes >> 20, maxBytes >> 20, 100.0 * usedBytes / maxBytes, collector));
    }
  }

  /** Stops listening; once it returns no collection is told of any more (even one before it). */
  @Override
  public synchronized void close() {
    closed = true;
    for (NotificationEmitter emitter : watched) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException e) {
        // not registered: nothing to remove
      }
    }
    watched.clear();
  }
}
