package ai.buena.leads.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarFile;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RocksDB's native library, loaded from one copy kept in the data directory instead of a new
 * temporary file for every start. RocksDB's own loader unpacks its library (15 MB) into {@code
 * java.io.tmpdir} under a random name and deletes it only when the JVM exits normally: every
 * SIGKILL, crash or {@code -XX:+ExitOnOutOfMemoryError} left one behind (a Kubernetes {@code /tmp}
 * {@code emptyDir} of 512 MiB outlives container restarts and fills after ~33 of them).
 *
 * <p>The copy lives in {@code <data-dir>/native/rocksdbjni-<crc>-<size>/}, named by the library's
 * checksum and size in the jar, written under a temporary name and renamed, and checked against
 * that checksum before each load. The data directory is this process's alone ({@link
 * DataDirectoryLock}), so copies of other versions are removed. Where it cannot be used (a volume
 * mounted {@code noexec}, no library for this platform in the jar) RocksDB loads as before, with a
 * warning; {@code ROCKSDB_SHAREDLIB_DIR}, RocksDB's own setting for where it unpacks, is left to
 * RocksDB.
 */
final class RocksDbLibrary {
  static final String DIRECTORY = "native";
  private static final String COPY_PREFIX = "rocksdbjni-";
  private static final String PART_SUFFIX = ".part";
  private static final Logger LOG = LoggerFactory.getLogger(RocksDbLibrary.class);

  private RocksDbLibrary() {}

  /**
   * Loads the library from its copy in {@code dataDir} (made or mended first), or leaves RocksDB to
   * load it as it always did. Returns whether it was loaded from the data directory (which can
   * then load native libraries).
   */
  static boolean loadFrom(Path dataDir) {
    if (System.getenv("ROCKSDB_SHAREDLIB_DIR") != null) {
      return false;
    }
    URL library = RocksDB.class.getClassLoader().getResource(Environment.getJniLibraryFileName("rocksdb"));
    if (library == null) {
      return false;
    }
    Path copy;
    try {
      copy = keepCopy(dataDir.resolve(DIRECTORY), library, loadedName());
    } catch (IOException | UncheckedIOException e) {
      LOG.warn(
          "RocksDB's library could not be kept in {} ({}); RocksDB unpacks it into java.io.tmpdir at each start",
          dataDir.resolve(DIRECTORY), e.getMessage());
      return false;
    }
    try {
      RocksDB.loadLibrary(List.of(copy.getParent().toString()));
      return true;
    } catch (UnsatisfiedLinkError e) {
      LOG.warn(
          "RocksDB's library could not be loaded from {} ({}); RocksDB unpacks it into java.io.tmpdir at each start",
          copy, e.getMessage());
      return false;
    }
  }

  /**
   * The file name {@link RocksDB#loadLibrary(List)} loads from a directory. RocksDB 10 builds it
   * from "rocksdbjni", not "rocksdb" as for the jar's resource ({@code librocksdbjnijni-linux64.so}):
   * asked of RocksDB, so a release that changes it changes this too.
   */
  static String loadedName() {
    return Environment.getJniLibraryFileName("rocksdbjni");
  }

  /**
   * A file in {@code nativeDir} holding exactly {@code library}'s bytes, named {@code fileName}:
   * the one there when its checksum matches, else written anew. Other versions' copies and
   * unfinished writes in {@code nativeDir} are removed.
   */
  static Path keepCopy(Path nativeDir, URL library, String fileName) throws IOException {
    Expected expected = Expected.of(library);
    Path versionDir = nativeDir.resolve(COPY_PREFIX + expected.name());
    Path copy = versionDir.resolve(fileName);
    Files.createDirectories(versionDir);
    removeOthers(nativeDir, versionDir);
    if (!expected.matches(copy)) {
      write(library, expected, copy);
    }
    return copy;
  }

  private static void write(URL library, Expected expected, Path copy) throws IOException {
    Path part = Files.createTempFile(copy.getParent(), "copy-", PART_SUFFIX);
    try {
      CRC32 crc = new CRC32();
      long size;
      try (InputStream in = new CheckedInputStream(open(library), crc);
          OutputStream out = Files.newOutputStream(part)) {
        size = in.transferTo(out);
      }
      if (size != expected.size() || crc.getValue() != expected.crc()) {
        throw new IOException("the jar's " + library.getPath() + " does not match its own checksum");
      }
      Files.move(part, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(part);
    }
  }

  /** Copies of other versions, and writes a killed process left unfinished. */
  private static void removeOthers(Path nativeDir, Path versionDir) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(nativeDir, COPY_PREFIX + "*")) {
      for (Path entry : entries) {
        if (!entry.equals(versionDir)) {
          deleteCopyDirectory(entry);
        }
      }
    }
    try (DirectoryStream<Path> parts = Files.newDirectoryStream(versionDir, "*" + PART_SUFFIX)) {
      for (Path part : parts) {
        Files.deleteIfExists(part);
      }
    }
  }

  private static void deleteCopyDirectory(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(directory);
  }

  private static InputStream open(URL library) throws IOException {
    URLConnection connection = library.openConnection();
    connection.setUseCaches(false);
    return connection.getInputStream();
  }

  /** The library's size and CRC-32 as the jar records them, or as read once without a jar. */
  private record Expected(long size, long crc) {
    static Expected of(URL library) throws IOException {
      URLConnection connection = library.openConnection();
      if (connection instanceof JarURLConnection jar) {
        jar.setUseCaches(false);
        try (JarFile file = jar.getJarFile()) {
          ZipEntry entry = file.getEntry(jar.getEntryName());
          if (entry != null && entry.getSize() >= 0 && entry.getCrc() >= 0) {
            return new Expected(entry.getSize(), entry.getCrc());
          }
        }
      }
      CRC32 crc = new CRC32();
      try (InputStream in = new CheckedInputStream(open(library), crc)) {
        long size = in.transferTo(OutputStream.nullOutputStream());
        return new Expected(size, crc.getValue());
      }
    }

    String name() {
      return String.format(Locale.ROOT, "%08x-%d", crc, size);
    }

    boolean matches(Path copy) throws IOException {
      if (!Files.isRegularFile(copy) || Files.size(copy) != size) {
        return false;
      }
      CRC32 actual = new CRC32();
      try (InputStream in = new CheckedInputStream(Files.newInputStream(copy), actual)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      return actual.getValue() == crc;
    }
  }
}
