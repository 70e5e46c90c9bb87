package ai.buena.leads.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * lz4-java's native library loaded at the start, and the copy it unpacked deleted at once, for a
 * JDK whose temporary directory the service cannot move ({@link PrivateTempDirectory}: from Java 21
 * on). lz4-java unpacks into the JDK's temporary directory under a new name and deletes the file
 * only at a normal exit, so every SIGKILL left one there. Linux keeps a loaded library mapped after
 * its file is deleted.
 */
final class UnpackedLz4Library {
  private static final String FACTORY = "net.jpountz.lz4.LZ4Factory";
  private static final String UNPACKED_PREFIX = "liblz4-java-";
  private static final String LOCK_SUFFIX = ".lck";
  private static final String DELETED = " (deleted)";
  private static final Path OWN_MAPS = Path.of("/proc/self/maps");

  private UnpackedLz4Library() {}

  /**
   * Loads lz4's library as Kafka's clients do at their first lz4 batch, then deletes the copy this
   * process unpacked into {@code temporaryDirectory} and its lock file; the copies it deleted (none
   * where there is no {@code /proc}, or where lz4 runs without its native library).
   */
  static List<Path> loadAndDeleteUnpacked(Path temporaryDirectory) throws IOException {
    load();
    List<Path> deleted = new ArrayList<>();
    for (Path library : unpackedIn(OWN_MAPS, temporaryDirectory.toRealPath())) {
      Files.deleteIfExists(library);
      Files.deleteIfExists(library.resolveSibling(library.getFileName() + LOCK_SUFFIX));
      deleted.add(library);
    }
    return deleted;
  }

  /** The lz4 libraries unpacked into {@code directory} that {@code maps} lists, not as deleted. */
  static Set<Path> unpackedIn(Path maps, Path directory) throws IOException {
    if (!Files.isReadable(maps)) {
      return Set.of();
    }
    try (Stream<String> lines = Files.lines(maps)) {
      return lines
          .map(line -> line.split("\\s+", 6))
          .filter(fields -> fields.length == 6 && fields[5].startsWith("/") && !fields[5].endsWith(DELETED))
          .map(fields -> Path.of(fields[5]))
          .filter(path -> directory.equals(path.getParent()))
          .filter(path -> path.getFileName().toString().startsWith(UNPACKED_PREFIX))
          .collect(Collectors.toSet());
    }
  }

  private static void load() {
    try {
      // lz4-java is Kafka's runtime dependency, not one the service compiles against
      Class.forName(FACTORY).getMethod("fastestInstance").invoke(null);
    } catch (ReflectiveOperationException | LinkageError e) {
      // no lz4-java here: nothing unpacked
    }
  }
}
