package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WholeFilesTest {
  @TempDir Path dir;

  @Test
  void shouldLeaveNeitherTheFileNorItsTemporaryFileWhenTheWriteFails() {
    Path file = dir.resolve("leads.index-snapshot");

    assertThatThrownBy(
            () ->
                WholeFiles.write(
                    file,
                    channel -> {
                      WholeFiles.writeFully(channel, ByteBuffer.allocate(4096));
                      throw new IOException("No space left on device");
                    }))
        .hasMessage("No space left on device");

    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void shouldKeepTheFileBeforeAFailedWriteOverIt() throws IOException {
    Path file = dir.resolve("leads.index-snapshot");
    WholeFiles.write(file, channel -> channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3})));

    assertThatThrownBy(
        () -> WholeFiles.write(file, channel -> {
          throw new IllegalStateException("the index changed while it was written");
        }));

    assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
    assertThat(dir.resolve("leads.index-snapshot.tmp")).doesNotExist();
  }
}
