package ai.buena.leads.runtime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * This process's claim on its {@code --data-dir}, taken before anything in it is opened: a second
 * {@code dev} or {@code serve} given the same directory is refused in one line instead of opening
 * the broker's log or the stores beside the first (a second {@code dev} rewrote the running one's
 * Kafka metadata log). The operating system drops the lock when the process ends, however it ends.
 */
final class DataDirectoryLock implements AutoCloseable {
  static final String FILE_NAME = "lead-projection.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Locks {@code dataDir} (created if missing) or throws a one-line {@link CommandFailure}. */
  static DataDirectoryLock acquire(Path dataDir) {
    FileChannel channel;
    try {
      Files.createDirectories(dataDir);
      channel =
          FileChannel.open(
              dataDir.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new CommandFailure(
          Main.BAD_USAGE, "cannot use the data directory " + dataDir + ": " + e.getMessage());
    }
    try {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return new DataDirectoryLock(channel, lock);
      }
    } catch (OverlappingFileLockException heldInThisProcess) {
      // refused below, as for another process
    } catch (IOException e) {
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
