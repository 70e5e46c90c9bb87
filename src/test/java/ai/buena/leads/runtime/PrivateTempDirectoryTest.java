package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateTempDirectoryTest {
  @TempDir Path dataDir;

  @Test
  void shouldEmptyWhatADeadProcessLeftInIt() throws IOException {
    Path directory = Files.createDirectories(dataDir.resolve(PrivateTempDirectory.DIRECTORY));
    Files.writeString(directory.resolve("liblz4-java-123.so"), "library");
    Files.writeString(directory.resolve("liblz4-java-123.so.lck"), "");
    Files.writeString(Files.createDirectories(directory.resolve("nested/deeper")).resolve("file"), "x");

    PrivateTempDirectory.empty(directory);

    assertThat(directory).isEmptyDirectory();
  }

  @Test
  void shouldRemoveALinkInItButNotWhatItPointsTo() throws IOException {
    Path outside = Files.writeString(dataDir.resolve("outside"), "kept");
    Path directory = Files.createDirectories(dataDir.resolve(PrivateTempDirectory.DIRECTORY));
    Files.createSymbolicLink(directory.resolve("link"), outside);

    PrivateTempDirectory.empty(directory);

    assertThat(directory).isEmptyDirectory();
    assertThat(outside).hasContent("kept");
  }

  @Test
  void shouldMakeTheDirectoryWhereThereIsNoneOrAFileOfItsName() throws IOException {
    Path missing = dataDir.resolve("a").resolve(PrivateTempDirectory.DIRECTORY);
    Path file = Files.writeString(dataDir.resolve("file-named-tmp"), "not a directory");

    PrivateTempDirectory.empty(missing);
    PrivateTempDirectory.empty(file);

    assertThat(missing).isEmptyDirectory();
    assertThat(file).isEmptyDirectory();
    try (Stream<Path> all = Files.list(dataDir)) {
      assertThat(all).hasSize(2);
    }
  }
}
