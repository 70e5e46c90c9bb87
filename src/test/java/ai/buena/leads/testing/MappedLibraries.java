package ai.buena.leads.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** The files a running process has mapped, as Linux's {@code /proc/<pid>/maps} lists them. */
public final class MappedLibraries {
  private static final String DELETED = " (deleted)";

  private MappedLibraries() {}

  /**
   * The mapped files of process {@code pid} whose path contains {@code name}, deleted ones too (a
   * library unpacked, loaded and deleted at once, as zstd-jni does); skips without /proc.
   */
  public static Set<String> of(long pid, String name) {
    Path maps = Path.of("/proc", Long.toString(pid), "maps");
    Assumptions.assumeTrue(Files.isReadable(maps), "no /proc here to see what the process mapped");
    try (Stream<String> lines = Files.lines(maps)) {
      return lines
          .map(line -> line.split("\\s+", 6))
          .filter(fields -> fields.length == 6)
          .map(fields -> fields[5].endsWith(DELETED) ? fields[5].substring(0, fields[5].length() - DELETED.length()) : fields[5])
          .filter(path -> path.contains(name))
          .collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
