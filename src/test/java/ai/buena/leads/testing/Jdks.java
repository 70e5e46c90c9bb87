package ai.buena.leads.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The JDKs of this machine, as the tests that run the service on another one find them. */
public final class Jdks {
  /** The first Java whose JDK reads {@code java.io.tmpdir} only at its start. */
  public static final int READS_TMPDIR_AT_START = 21;

  private static final Pattern JAVA_VERSION =
      Pattern.compile("^JAVA_VERSION=\"(\\d+)(?:\\.(\\d+))?", Pattern.MULTILINE);

  private Jdks() {}

  /** The newest JDK of {@code major} or later under {@code /usr/lib/jvm}, if any. */
  public static Optional<Path> newestFrom(int major) {
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    List<Map.Entry<Path, Integer>> found = new ArrayList<>();
    try (Stream<Path> homes = Files.list(jvms)) {
      homes
          .filter(home -> Files.isExecutable(home.resolve("bin").resolve("java")))
          .forEach(home -> majorVersion(home).ifPresent(version -> found.add(Map.entry(home, version))));
    } catch (IOException e) {
      return Optional.empty();
    }
    return found.stream()
        .filter(home -> home.getValue() >= major)
        .max(Comparator.comparingInt(Map.Entry::getValue))
        .map(Map.Entry::getKey);
  }

  /** The major version in a JDK's {@code release} file: 25 for "25.0.3", 8 for "1.8.0". */
  public static Optional<Integer> majorVersion(Path home) {
    try {
      Matcher version = JAVA_VERSION.matcher(Files.readString(home.resolve("release")));
      if (!version.find()) {
        return Optional.empty();
      }
      int first = Integer.parseInt(version.group(1));
      return Optional.of(first == 1 && version.group(2) != null ? Integer.parseInt(version.group(2)) : first);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
