package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/** RocksDB's real failures on damaged and on sound-but-busy stores, as Kafka Streams wraps them. */
class DamagedStoreTest {
  @TempDir Path root;
  private Path task;
  private Path store;

  @BeforeEach
  void storeWithATableFile() throws RocksDBException, IOException {
    RocksDB.loadLibrary();
    task = root.resolve("0_1");
    store = task.resolve("rocksdb").resolve("leads");
    Files.createDirectories(store);
    Files.writeString(task.resolve("partition-1.index"), "snapshot");
    Files.createDirectories(root.resolve("0_2"));
    try (Options options = new Options().setCreateIfMissing(true);
        RocksDB db = RocksDB.open(options, store.toString());
        FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      for (int i = 0; i < 100; i++) {
        db.put(("lead-" + i).getBytes(StandardCharsets.UTF_8), new byte[100]);
      }
      db.flush(flush);
    }
  }

  @Test
  void shouldFindTheTaskOfAStoreWhoseTableFileIsMissing() throws IOException {
    Files.delete(tableFile());

    Optional<DamagedStore> found = DamagedStore.find(openingFailure(), root);

    assertThat(found).map(DamagedStore::taskDirectory).contains(task);
    assertThat(found).map(DamagedStore::store).contains("leads");
  }

  @Test
  void shouldFindTheTaskOfAStoreWhoseTableFileWasCutShort() throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(tableFile().toFile(), "rw")) {
      file.setLength(file.length() / 2);
    }

    assertThat(DamagedStore.find(openingFailure(), root)).map(DamagedStore::task).contains("0_1");
  }

  @Test
  void shouldFindTheTaskOfAStoreWhoseCurrentNamesAMissingManifest() throws IOException {
    Files.writeString(store.resolve("CURRENT"), "MANIFEST-999999\n");

    assertThat(DamagedStore.find(openingFailure(), root)).map(DamagedStore::task).contains("0_1");
  }

  @Test
  void shouldNotCallAStoreLockedByAnotherHandleDamaged() throws RocksDBException {
    try (Options options = new Options(); RocksDB open = RocksDB.open(options, store.toString())) {
      assertThat(DamagedStore.find(openingFailure(), root)).isEmpty();
    }
  }

  @Test
  void shouldNameNothingOutsideTheApplicationStateDirectory() throws IOException {
    Files.delete(tableFile());

    assertThat(DamagedStore.find(openingFailure(), root.resolve("other-app"))).isEmpty();
  }

  @Test
  void shouldNotCallAnotherFailureOfTheStoreDamage() {
    RocksDBException corruption = new RocksDBException("Corruption: block checksum mismatch");
    ProcessorStateException notOpening =
        new ProcessorStateException("Error while getting value for key from store leads", corruption);

    assertThat(DamagedStore.find(notOpening, root)).isEmpty();
  }

  @Test
  void shouldDeleteTheTaskDirectoryAndNothingElse() throws IOException {
    Files.delete(tableFile());
    DamagedStore found = DamagedStore.find(openingFailure(), root).orElseThrow();

    boolean deleted = found.delete();

    assertThat(deleted).isTrue();
    assertThat(task).doesNotExist();
    assertThat(root.resolve("0_2")).isDirectory();
  }

  @Test
  void shouldSayATaskDirectoryThatKafkaStreamsWipedAlreadyWasNotDeletedAgain() throws IOException {
    Files.delete(tableFile());
    DamagedStore found = DamagedStore.find(openingFailure(), root).orElseThrow();
    found.delete();

    assertThat(found.delete()).isFalse();
  }

  private Path tableFile() throws IOException {
    try (Stream<Path> files = Files.list(store)) {
      List<Path> tables = files.filter(f -> f.toString().endsWith(".sst")).toList();
      assertThat(tables).isNotEmpty();
      return tables.get(0);
    }
  }

  /** Opening the store as Kafka Streams' RocksDBStore does, wrapped as its start-up fails with it. */
  private Throwable openingFailure() {
    try (Options options = new Options(); RocksDB db = RocksDB.open(options, store.toString())) {
      throw new AssertionError("the store opened");
    } catch (RocksDBException e) {
      return new StreamsException(
          new ProcessorStateException("Error opening store leads at location " + store, e));
    }
  }
}
