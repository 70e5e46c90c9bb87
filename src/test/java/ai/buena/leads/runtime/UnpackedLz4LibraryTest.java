package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnpackedLz4LibraryTest {
  @TempDir Path tmp;

  @Test
  void shouldFindOnlyTheLz4CopiesUnpackedIntoTheDirectoryThatAreStillFiles() throws IOException {
    Path directory = Files.createDirectories(tmp.resolve("jdk-tmp"));
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Path maps =
        Files.write(
            tmp.resolve("maps"),
            List.of(
                mapped(directory.resolve("liblz4-java-123.so")),
                mapped(directory.resolve("liblz4-java-123.so")),
                mapped(directory.resolve("liblz4-java-456.so") + " (deleted)"),
                mapped(directory.resolve("libzstd-jni-1.5.so")),
                mapped(elsewhere.resolve("liblz4-java-789.so")),
                mapped(Path.of("/usr/lib/liblz4-java.so")),
                "7ffd1000-7ffd2000 rw-p 00000000 00:00 0                          [stack]",
                "7ffd3000-7ffd4000 r-xp 00000000 00:00 0 "));

    assertThat(UnpackedLz4Library.unpackedIn(maps, directory))
        .containsExactly(directory.resolve("liblz4-java-123.so"));
  }

  @Test
  void shouldFindNothingWithoutAMapsFile() throws IOException {
    assertThat(UnpackedLz4Library.unpackedIn(tmp.resolve("no-proc"), tmp)).isEmpty();
  }

  private static String mapped(Object path) {
    return "7f2c4a000000-7f2c4a01a000 r-xp 00000000 fd:01 1234567                    " + path;
  }
}
