package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbLibraryTest {
  private static final String NAME = "libexample-linux64.so";

  @TempDir Path dir;

  @Test
  void shouldCopyTheLibraryFromTheJarIntoADirectoryNamedByItsChecksum() throws IOException {
    byte[] library = randomBytes(300_000, 1);

    Path copy = RocksDbLibrary.keepCopy(dir.resolve("native"), jarHolding(library, "a.jar"), NAME);

    assertThat(copy.getFileName()).hasToString(NAME);
    assertThat(copy.getParent().getFileName().toString()).matches("rocksdbjni-[0-9a-f]{8}-300000");
    assertThat(Files.readAllBytes(copy)).isEqualTo(library);
  }

  @Test
  void shouldKeepTheCopyOfAnEarlierStartInsteadOfWritingItAgain() throws IOException {
    URL jar = jarHolding(randomBytes(300_000, 2), "a.jar");
    Path first = RocksDbLibrary.keepCopy(dir.resolve("native"), jar, NAME);
    FileTime written = FileTime.fromMillis(1_000_000);
    Files.setLastModifiedTime(first, written);

    Path second = RocksDbLibrary.keepCopy(dir.resolve("native"), jar, NAME);

    assertThat(second).isEqualTo(first);
    assertThat(Files.getLastModifiedTime(second)).isEqualTo(written);
  }

  @Test
  void shouldWriteADamagedCopyAgain() throws IOException {
    byte[] library = randomBytes(300_000, 3);
    byte[] damaged = library.clone();
    damaged[150_000] ^= 1;

    assertThat(copyAfterReplacingItWith(library, damaged)).isEqualTo(library);
  }

  @Test
  void shouldWriteACopyCutShortAgain() throws IOException {
    byte[] library = randomBytes(300_000, 4);

    assertThat(copyAfterReplacingItWith(library, Arrays.copyOf(library, 1_000))).isEqualTo(library);
  }

  /** The copy's bytes after a start found {@code found} in place of {@code library}'s copy. */
  private byte[] copyAfterReplacingItWith(byte[] library, byte[] found) throws IOException {
    URL jar = jarHolding(library, "a.jar");
    Path copy = RocksDbLibrary.keepCopy(dir.resolve("native"), jar, NAME);
    Files.write(copy, found);

    RocksDbLibrary.keepCopy(dir.resolve("native"), jar, NAME);
    return Files.readAllBytes(copy);
  }

  @Test
  void shouldRemoveTheCopiesOfOtherVersionsAndUnfinishedWritesButNothingElse() throws IOException {
    Path nativeDir = dir.resolve("native");
    Path older = RocksDbLibrary.keepCopy(nativeDir, jarHolding(randomBytes(1_000, 5), "old.jar"), NAME);
    URL current = jarHolding(randomBytes(2_000, 6), "new.jar");
    Path currentDir = RocksDbLibrary.keepCopy(nativeDir, current, NAME).getParent();
    Path unfinished = Files.writeString(currentDir.resolve("copy-123.part"), "half");
    Path unrelated = Files.writeString(nativeDir.resolve("operator-notes.txt"), "keep me");

    RocksDbLibrary.keepCopy(nativeDir, current, NAME);

    assertThat(older).doesNotExist();
    assertThat(older.getParent()).doesNotExist();
    assertThat(unfinished).doesNotExist();
    assertThat(unrelated).exists();
    try (Stream<Path> copies = Files.list(nativeDir)) {
      assertThat(copies.filter(Files::isDirectory)).containsExactly(currentDir);
    }
  }

  @Test
  void shouldCopyALibraryOutsideAJarByReadingItsChecksumFirst() throws IOException {
    byte[] library = randomBytes(50_000, 7);
    Path file = Files.write(dir.resolve("plain.so"), library);

    Path copy = RocksDbLibrary.keepCopy(dir.resolve("native"), file.toUri().toURL(), NAME);

    assertThat(Files.readAllBytes(copy)).isEqualTo(library);
    assertThat(copy.getParent().getFileName().toString()).endsWith("-50000");
  }

  @Test
  void shouldNameTheCopyAsRocksDbLooksForItInADirectory() {
    assertThat(RocksDbLibrary.loadedName()).startsWith("librocksdbjni").isNotEqualTo("librocksdbjni.so");
  }

  private URL jarHolding(byte[] library, String jarName) throws IOException {
    Path jar = dir.resolve(jarName);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry(NAME));
      out.write(library);
      out.closeEntry();
    }
    return new URL("jar:" + jar.toUri() + "!/" + NAME);
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
