package ai.buena.leads.runtime;

import ai.buena.leads.threads.DaemonThreads;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses the projection while the data directory's volume has less free space than its reserve,
 * and resumes it once half as much again is free. A full volume fails RocksDB's writes: the stream
 * thread that meets it dies and, under exactly-once, its tasks' stores are wiped and restored
 * into the same full volume, again and again, or a write waits inside RocksDB until space returns
 * (both seen with a full 120 MB volume). Paused, Kafka Streams applies nothing (actives, standbys
 * and restorations alike) but stays in its group, and the stores answer queries as they stand.
 */
final class DiskSpaceGuard implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DiskSpaceGuard.class);
  static final Duration CHECK_EVERY = Duration.ofSeconds(1);
  private static final long MIB = 1L << 20;

  /** The free space of the data directory's volume. */
  interface Volume {
    long usableBytes() throws IOException;
  }

  /** What the guard pauses and resumes. */
  interface Processing {
    void pause();

    void resume();
  }

  private final Path dataDir;
  private final Volume volume;
  private final long reserveBytes;
  private final Processing processing;
  private ScheduledExecutorService checks;
  private volatile boolean paused;
  private volatile long freeBytes = -1;
  private boolean unreadableSaid;

  DiskSpaceGuard(Path dataDir, Volume volume, long reserveBytes, Processing processing) {
    this.dataDir = dataDir;
    this.volume = volume;
    this.reserveBytes = reserveBytes;
    this.processing = processing;
  }

  /** A guard of {@code streams} on the volume of {@code dataDir} (which must exist). */
  static DiskSpaceGuard of(Path dataDir, DiskReserve reserve, KafkaStreams streams) throws IOException {
    FileStore store = Files.getFileStore(dataDir);
    return new DiskSpaceGuard(
        dataDir,
        store::getUsableSpace,
        reserve.bytesOn(store.getTotalSpace()),
        processingOf(streams));
  }

  /** Pauses and resumes every task of {@code streams}: actives, standbys and restorations. */
  static Processing processingOf(KafkaStreams streams) {
    return new Processing() {
      @Override
      public void pause() {
        streams.pause();
      }

      @Override
      public void resume() {
        streams.resume();
      }
    };
  }

  /** Checks now and every {@link #CHECK_EVERY} (with a reserve of 0: measures, never pauses). */
  synchronized void start() {
    if (checks == null) {
      checks = DaemonThreads.scheduler("disk-space-guard");
      checks.scheduleWithFixedDelay(this::check, 0, CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** One check: pauses under the reserve, resumes at half as much again. */
  void check() {
    long free;
    try {
      free = volume.usableBytes();
    } catch (IOException | RuntimeException e) {
      freeBytes = -1;
      if (!unreadableSaid) {
        unreadableSaid = true;
        LOG.warn("cannot read the free space of {} ({}): processing is not paused for it", dataDir, e.toString());
      }
      return;
    }
    freeBytes = free;
    try {
      if (!paused && free < reserveBytes) {
        processing.pause();
        paused = true;
        LOG.error(
            "{} has {} MiB free, under the {} MiB kept free (--min-free-disk): processing paused."
                + " Queries are answered from the stores as they stand; events wait in Kafka."
                + " Grow the volume or free space: processing resumes by itself at {} MiB free"
                + " (ops/runbook.md, \"Disk full\")",
            dataDir,
            free / MIB,
            reserveBytes / MIB,
            resumeAtBytes() / MIB);
      } else if (paused && free >= resumeAtBytes()) {
        processing.resume();
        paused = false;
        LOG.info("{} has {} MiB free again: processing resumed", dataDir, free / MIB);
      }
    } catch (RuntimeException e) {
      LOG.error("could not {} the projection for the free space of {}", paused ? "resume" : "pause", dataDir, e);
    }
  }

  /** Why processing is paused, for readiness. */
  String pausedReason() {
    return "processing paused: the data volume has "
        + freeBytes / MIB
        + " MiB free, under the "
        + reserveBytes / MIB
        + " MiB kept free (--min-free-disk)";
  }

  private long resumeAtBytes() {
    return reserveBytes + reserveBytes / 2;
  }

  boolean paused() {
    return paused;
  }

  /** The free bytes of the last check; -1 before the first or while they cannot be read. */
  long freeBytes() {
    return freeBytes;
  }

  long reserveBytes() {
    return reserveBytes;
  }

  @Override
  public synchronized void close() {
    if (checks != null) {
      checks.shutdownNow();
    }
  }
}
