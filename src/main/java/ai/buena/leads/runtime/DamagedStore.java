package ai.buena.leads.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * A store Kafka Streams could not open because RocksDB found its files damaged (a table file
 * missing, cut short or failing its checksum, {@code CURRENT} naming a missing manifest), and the
 * task directory that holds it. Kafka Streams fails such a task on every start; the store is derived
 * data, and its changelog holds all of it, so deleting the task's directory (all its stores and its
 * index snapshot) makes the next start restore the task from the changelogs.
 *
 * <p>Only RocksDB's own verdicts count: {@code Corruption}, and an {@code IOError} of a missing
 * file. A store locked by another process, a full disk or a permission error are not damage, and
 * nothing outside the application's state directory is ever named.
 */
record DamagedStore(Path taskDirectory, String store, String reason) {
  private static final String OPENING = "Error opening store ";
  private static final String AT = " at location ";

  static Optional<DamagedStore> find(Throwable failure, Path applicationStateDirectory) {
    if (applicationStateDirectory == null) {
      return Optional.empty();
    }
    Optional<ProcessorStateException> opening =
        Causes.find(failure, ProcessorStateException.class)
            .filter(e -> e.getMessage() != null && e.getMessage().startsWith(OPENING));
    Optional<RocksDBException> verdict =
        Causes.find(failure, RocksDBException.class).filter(DamagedStore::saysDamaged);
    if (opening.isEmpty() || verdict.isEmpty()) {
      return Optional.empty();
    }
    String message = opening.get().getMessage();
    int at = message.indexOf(AT);
    if (at < 0) {
      return Optional.empty();
    }
    String store = message.substring(OPENING.length(), at);
    Path location = Path.of(message.substring(at + AT.length()).trim()).toAbsolutePath().normalize();
    Path root = applicationStateDirectory.toAbsolutePath().normalize();
    for (Path dir = location; dir != null; dir = dir.getParent()) {
      if (root.equals(dir.getParent()) && dir.getFileName().toString().matches("\\d+_\\d+")) {
        return Optional.of(new DamagedStore(dir, store, verdict.get().getMessage()));
      }
    }
    return Optional.empty();
  }

  private static boolean saysDamaged(RocksDBException e) {
    Status status = e.getStatus();
    String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    if (status != null && status.getCode() == Status.Code.Corruption) {
      return true;
    }
    boolean ioError =
        (status != null && status.getCode() == Status.Code.IOError) || message.startsWith("io error");
    return ioError && message.contains("no such file or directory") && !lockFailure(message);
  }

  /** RocksDB's words for a LOCK file it could not take (held by another process or handle). */
  private static boolean lockFailure(String message) {
    return message.contains("while lock file")
        || message.contains("lock hold by current process")
        || message.contains("/lock:");
  }

  /** The task's name, e.g. {@code 0_3}. */
  String task() {
    return taskDirectory.getFileName().toString();
  }

  /**
   * Deletes the task's directory: its stores, checkpoints and index snapshot. Returns false when it
   * is gone already: under exactly-once, Kafka Streams wipes the state of a task it closes dirty.
   */
  boolean delete() throws IOException {
    if (!Files.exists(taskDirectory, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (Stream<Path> paths = Files.walk(taskDirectory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(DamagedStore::deleteOne);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return true;
  }

  private static void deleteOne(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
