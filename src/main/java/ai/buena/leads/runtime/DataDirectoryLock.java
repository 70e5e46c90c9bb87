package ai.buena.leads.runtime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This process's claim on its {@code --data-dir}, taken before anything in it is opened: a second
 * {@code dev} or {@code serve} given the same directory is refused in one line instead of opening
 * the broker's log or the stores beside the first (a second {@code dev} rewrote the running one's
 * Kafka metadata log). The operating system drops the lock when the process ends, however it ends.
 * On network file systems (NFS, EFS) such locks may not hold between hosts.
 */
final class DataDirectoryLock implements AutoCloseable {
  static final String FILE_NAME = "lead-projection.lock";
  /**
   * The lock files this process holds. Refused before a second channel opens one: closing any
   * channel of a file drops every lock the process holds on it (POSIX), the first one's too.
   */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectoryLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /** Locks {@code dataDir} (created if missing) or throws a one-line {@link CommandFailure}. */
  static DataDirectoryLock acquire(Path dataDir) {
    Path file;
    try {
      Files.createDirectories(dataDir);
      file = dataDir.toRealPath().resolve(FILE_NAME);
    } catch (IOException e) {
      throw new CommandFailure(
          Main.BAD_USAGE, "cannot use the data directory " + dataDir + ": " + e.getMessage());
    }
    if (!HELD.add(file)) {
      throw inUse(dataDir);
    }
    try {
      return lock(dataDir, file);
    } catch (RuntimeException e) {
      HELD.remove(file);
      throw e;
    }
  }

  private static DataDirectoryLock lock(Path dataDir, Path file) {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new CommandFailure(
          Main.BAD_USAGE, "cannot use the data directory " + dataDir + ": " + e.getMessage());
    }
    try {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return new DataDirectoryLock(file, channel, lock);
      }
    } catch (OverlappingFileLockException | IOException e) {
      closeQuietly(channel);
      throw new CommandFailure(
          Main.BAD_USAGE, "cannot lock the data directory " + dataDir + ": " + e.getMessage());
    }
    closeQuietly(channel);
    throw inUse(dataDir);
  }

  static CommandFailure inUse(Path dataDir) {
    return new CommandFailure(
        Main.BAD_USAGE,
        "the data directory "
            + dataDir
            + " is in use by another running instance: give each instance its own --data-dir");
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
      HELD.remove(file);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // it was never locked
    }
  }
}
