package ai.buena.leads.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-system chores of tests. */
public final class Directories {
  private Directories() {}

  /**
   * A new empty state directory for a {@code TopologyTestDriver}, which otherwise shares {@code
   * /tmp/kafka-streams/<application id>} (and its RocksDB locks) with any other build on the
   * machine; the driver deletes its contents when closed.
   */
  public static String freshStateDir() {
    try {
      Path dir = Files.createTempDirectory("topology-test-");
      dir.toFile().deleteOnExit();
      return dir.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes {@code dir} and everything below it; nothing when it does not exist. */
  public static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
