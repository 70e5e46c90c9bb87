package ai.buena.leads.projection;

import static ai.buena.leads.projection.IndexedLeadStoreTest.PARTITION;
import static ai.buena.leads.projection.IndexedLeadStoreTest.open;
import static ai.buena.leads.projection.IndexedLeadStoreTest.writeRandomly;
import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import ai.buena.leads.projection.IndexedLeadStoreTest.Opened;
import ai.buena.leads.testing.StoreDirectoryWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.WriteOptions;

/** The read-only handle a start-up copy reads its leads through, on a real RocksDB store. */
class ReadOnlyLeadStoreTest {
  @TempDir Path stateDir;

  @Test
  void shouldKeepReadingTheStateItOpenedWhileAWriterChangesCompactsAndDeletesTheFilesUnderIt()
      throws Exception {
    Opened opened = open(new LocalIndexes(), stateDir);
    writeRandomly(new Random(61), opened, 300);
    Map<String, byte[]> before = new HashMap<>();
    try (KeyValueIterator<Bytes, byte[]> all = opened.store().all()) {
      all.forEachRemaining(entry -> before.put(new String(entry.key.get(), StandardCharsets.UTF_8), entry.value));
    }
    opened.store().commit(Map.of(opened.changelog(), 9L));
    opened.store().close();
    Path storeDirectory = stateDir.resolve("rocksdb").resolve(Names.LEADS_STORE);
    spreadOverManyFiles(storeDirectory, before);
    Set<Path> filesAtOpen = tableFiles(storeDirectory);
    assertThat(filesAtOpen).hasSizeGreaterThan(10); // more than RocksDB opens eagerly by default

    try (ReadOnlyLeadStore copy = ReadOnlyLeadStore.open(storeDirectory, PARTITION)) {
      overwriteEveryKeyAndCompact(storeDirectory, before.keySet());
      assertThat(filesAtOpen).noneMatch(Files::exists); // the writer deleted every file it had

      for (Map.Entry<String, byte[]> lead : before.entrySet()) {
        assertThat(copy.storedJson(lead.getKey())).isEqualTo(lead.getValue());
      }
      assertThat(copy.committedOffset(opened.changelog())).hasValue(9L);
    }
  }

  @Test
  void shouldReadTheLeadsTheStoreHeldAsLeads() throws Exception {
    Opened opened = open(new LocalIndexes(), stateDir);
    writeRandomly(new Random(62), opened, 100);
    List<Lead> stored = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> all = opened.store().all()) {
      all.forEachRemaining(entry -> stored.add(LeadJson.fromBytes(entry.value)));
    }
    opened.store().close();

    try (ReadOnlyLeadStore copy =
        ReadOnlyLeadStore.open(stateDir.resolve("rocksdb").resolve(Names.LEADS_STORE), PARTITION)) {
      for (Lead lead : stored) {
        assertThat(copy.lead(lead.id())).isEqualTo(lead);
      }
      assertThat(copy.lead("no-such-lead")).isNull();
      assertThat(copy.closedByKafkaStreams()).isTrue();
    }
  }

  @Test
  void shouldLeaveEveryFileOfTheStoreDirectoryAsItWas() throws Exception {
    Opened opened = open(new LocalIndexes(), stateDir);
    writeRandomly(new Random(63), opened, 100);
    opened.store().close();
    Path storeDirectory = stateDir.resolve("rocksdb").resolve(Names.LEADS_STORE);
    Map<String, String> before = listing(storeDirectory);

    try (ReadOnlyLeadStore copy = ReadOnlyLeadStore.open(storeDirectory, PARTITION)) {
      copy.snapshotMarker();
      copy.lead("any");
    }

    assertThat(listing(storeDirectory)).isEqualTo(before);
  }

  /** Every file of {@code directory}: its size and last change. */
  private static Map<String, String> listing(Path directory) throws Exception {
    Map<String, String> listing = new HashMap<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        listing.put(file.getFileName().toString(), Files.size(file) + "@" + Files.getLastModifiedTime(file));
      }
    }
    return listing;
  }

  /** Writes the same leads again in a dozen flushed batches: the same state in many table files. */
  private static void spreadOverManyFiles(Path storeDirectory, Map<String, byte[]> leads) throws Exception {
    List<Map.Entry<String, byte[]>> entries = new ArrayList<>(leads.entrySet());
    try (ColumnFamilyOptions noCompactions = new ColumnFamilyOptions().setDisableAutoCompactions(true);
        WriteOptions write = new WriteOptions().setDisableWAL(true);
        FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      StoreDirectoryWriter.write(
          storeDirectory,
          noCompactions,
          (writer, values, offsets) -> {
            int batches = 12;
            for (int batch = 0; batch < batches; batch++) {
              for (int at = batch; at < entries.size(); at += batches) {
                writer.put(
                    values, write, entries.get(at).getKey().getBytes(StandardCharsets.UTF_8), entries.get(at).getValue());
              }
              writer.flush(flush, values);
            }
          });
    }
  }

  /** What a writer may do once it opened the directory: every lead changed, then one compaction. */
  private static void overwriteEveryKeyAndCompact(Path storeDirectory, Set<String> keys) throws Exception {
    try (WriteOptions write = new WriteOptions().setDisableWAL(true);
        FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      StoreDirectoryWriter.write(
          storeDirectory,
          (writer, values, offsets) -> {
            for (String key : keys) {
              writer.put(values, write, key.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
            }
            writer.put(offsets, write, "status".getBytes(StandardCharsets.UTF_8), new byte[8]);
            for (ColumnFamilyHandle family : List.of(values, offsets)) {
              writer.flush(flush, family);
              writer.compactRange(family);
            }
          });
    }
  }

  private static Set<Path> tableFiles(Path directory) throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(file -> file.toString().endsWith(".sst")).collect(Collectors.toSet());
    }
  }
}
