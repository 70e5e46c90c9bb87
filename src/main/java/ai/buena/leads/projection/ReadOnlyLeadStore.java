package ai.buena.leads.projection;

import ai.buena.leads.index.PartitionClosedException;
import ai.buena.leads.index.PartitionLeads;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.rocksdb.RocksDBException;

/**
 * A task directory's {@code leads} store as it is on disk ({@link StoreOnDisk}), opened while no
 * task of this instance has it open. Besides the leads it reads what proves which state that is:
 * the snapshot marker {@link IndexedLeadStore} wrote at its close, whether Kafka Streams closed
 * the store, and at which changelog offset it committed last.
 */
final class ReadOnlyLeadStore implements PartitionLeads, AutoCloseable {
  private final int partition;
  private final StoreOnDisk store;

  private ReadOnlyLeadStore(int partition, StoreOnDisk store) {
    this.partition = partition;
    this.store = store;
  }

  /**
   * Opens the store in {@code storeDirectory} ({@code <task dir>/rocksdb/leads}) read-only.
   *
   * @throws RocksDBException when it cannot (see {@link StoreOnDisk#open})
   */
  static ReadOnlyLeadStore open(Path storeDirectory, int partition) throws RocksDBException {
    return new ReadOnlyLeadStore(partition, StoreOnDisk.open(storeDirectory));
  }

  /** The snapshot id the store's last close wrote, if the store on disk still holds it. */
  Optional<UUID> snapshotMarker() throws RocksDBException {
    byte[] marker = store.get(IndexedLeadStore.SNAPSHOT_MARKER.get());
    if (marker == null || marker.length != 16) {
      return Optional.empty();
    }
    ByteBuffer id = ByteBuffer.wrap(marker);
    return Optional.of(new UUID(id.getLong(), id.getLong()));
  }

  /** Whether Kafka Streams marked the store closed (it marks it open while it has it open). */
  boolean closedByKafkaStreams() throws RocksDBException {
    return store.closedByKafkaStreams();
  }

  /** The changelog offset Kafka Streams committed last for {@code changelog}, if it did. */
  OptionalLong committedOffset(TopicPartition changelog) throws RocksDBException {
    return store.committedOffset(changelog);
  }

  @Override
  public Lead lead(String leadId) {
    byte[] json = storedJson(leadId);
    return json == null ? null : LeadJson.fromBytes(json);
  }

  @Override
  public byte[] storedJson(String leadId) {
    try {
      return store.get(leadId.getBytes(StandardCharsets.UTF_8));
    } catch (RocksDBException e) {
      throw new PartitionClosedException(partition);
    }
  }

  /** Closes the handle; reads after it throw {@link PartitionClosedException}. Once only. */
  @Override
  public void close() {
    store.close();
  }
}
