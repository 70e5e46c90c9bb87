package ai.buena.leads.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's temporary files in {@code <data-dir>/tmp}, emptied at each start. The compression
 * codecs of Kafka's clients (lz4-java, which the service's own producers use, and snappy-java and
 * zstd-jni, for records producers compressed so) unpack their native libraries into {@code
 * java.io.tmpdir} under new names and delete them only at a normal exit: every SIGKILL, crash or
 * OOM kill left 0.15–1 MB each in {@code /tmp}, which in Kubernetes outlives container restarts.
 * The data directory is this process's alone ({@link DataDirectoryLock}), so what its {@code tmp}
 * holds at a start is a dead process's. Used only where the data directory can load a native
 * library (RocksDB's copy loaded from it): on a {@code noexec} volume the codecs could not load
 * from there, and {@code java.io.tmpdir} is left as it is.
 *
 * <p>From Java 21 on the JDK reads {@code java.io.tmpdir} once, at its start: setting it later
 * changes nothing. snappy-java and zstd-jni read their own properties, so they still unpack here;
 * lz4-java knows only the JDK's directory, so its library is loaded at once and its unpacked copy
 * there deleted ({@link UnpackedLz4Library}), unless the JVM is started with {@code
 * -Djava.io.tmpdir=<data-dir>/tmp} (ops/runbook.md).
 */
final class PrivateTempDirectory {
  static final String DIRECTORY = "tmp";
  /** Where snappy-java and zstd-jni unpack their libraries, whatever the JDK's directory. */
  static final List<String> CODEC_DIRECTORY_PROPERTIES = List.of("org.xerial.snappy.tempdir", "ZstdTempFolder");
  private static final Logger LOG = LoggerFactory.getLogger(PrivateTempDirectory.class);
  /**
   * {@code java.io.tmpdir} is the whole JVM's: set only in a process {@link Main#main} started,
   * never where the commands run inside another program (the tests), whose later temporary files
   * would go to a data directory that is then deleted.
   */
  private static volatile boolean processOwned;

  private PrivateTempDirectory() {}

  /** This JVM is the service's own process: {@link #useIn} may set its {@code java.io.tmpdir}. */
  static void ownTheProcess() {
    processOwned = true;
  }

  /**
   * Empties (or makes) {@code <dataDir>/tmp} and makes it {@code java.io.tmpdir}; leaves it as it
   * is, with a warning, where it cannot, and in a JVM that is not the service's own process.
   */
  static void useIn(Path dataDir) {
    if (!processOwned) {
      return;
    }
    Path directory = dataDir.resolve(DIRECTORY).toAbsolutePath().normalize();
    String before = System.getProperty("java.io.tmpdir");
    try {
      empty(directory);
      Files.delete(Files.createTempFile(directory, "probe-", ".tmp"));
      for (String codecProperty : CODEC_DIRECTORY_PROPERTIES) {
        if (System.getProperty(codecProperty) == null) {
          System.setProperty(codecProperty, directory.toString());
        }
      }
      System.setProperty("java.io.tmpdir", directory.toString());
      File probe = File.createTempFile("probe-", ".tmp");
      boolean used = directory.equals(probe.toPath().toAbsolutePath().normalize().getParent());
      Files.delete(probe.toPath());
      if (!used) {
        // the JDK had read java.io.tmpdir already (at its start from Java 21 on): temporary files
        // would still go to the old one
        System.setProperty("java.io.tmpdir", before);
        deleteUnpackedLz4(Path.of(before), directory);
        return;
      }
      LOG.debug("temporary files (the compression codecs' native libraries) in {}, emptied at each start (was {})", directory, before);
    } catch (IOException | RuntimeException e) {
      System.setProperty("java.io.tmpdir", before);
      LOG.warn("temporary files stay in {}: {} could not be used ({})", before, directory, e.getMessage());
    }
  }

  private static void deleteUnpackedLz4(Path jdkDirectory, Path directory) throws IOException {
    List<Path> deleted = UnpackedLz4Library.loadAndDeleteUnpacked(jdkDirectory);
    if (deleted.isEmpty()) {
      LOG.warn(
          "lz4's native library and other temporary files stay in {}: the JDK read java.io.tmpdir at its start;"
              + " start it with -Djava.io.tmpdir={} to keep them in the data directory",
          jdkDirectory,
          directory);
    } else {
      LOG.info(
          "lz4's native library is loaded and its copy in {} deleted (the JDK read java.io.tmpdir at its start): {}",
          jdkDirectory,
          deleted);
    }
  }

  /** {@code directory} made, or emptied of everything in it. */
  static void empty(Path directory) throws IOException {
    if (Files.isDirectory(directory, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.walkFileTree(
          directory,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failed) throws IOException {
              if (failed != null) {
                throw failed;
              }
              if (!dir.equals(directory)) {
                Files.delete(dir);
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } else {
      Files.deleteIfExists(directory);
      Files.createDirectories(directory);
    }
  }
}
