package ai.buena.leads.projection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.internals.RecordBatchingStateRestoreCallback;
import org.apache.kafka.streams.processor.internals.StateRestoreCallbackAdapter;

/**
 * The restore callback of the {@code leads} store: applies each batch of changelog records to
 * RocksDB (the store's own callback) and to the index, as one step. Kafka Streams calls it both
 * to restore the store and, on standby tasks, to follow the changelog.
 *
 * <p>It is a {@link RecordBatchingStateRestoreCallback} (a Kafka Streams internal interface, the
 * one its RocksDB store registers) so that the records keep their offsets for {@code
 * PartitionIndex#changelogOffset()}, and the store's callback gets them as it expects.
 */
final class IndexingRestoreCallback implements RecordBatchingStateRestoreCallback {
  private final RecordBatchingStateRestoreCallback storeCallback;
  private final IndexedLeadStore store;

  private IndexingRestoreCallback(
      RecordBatchingStateRestoreCallback storeCallback, IndexedLeadStore store) {
    this.storeCallback = storeCallback;
    this.store = store;
  }

  static StateRestoreCallback around(StateRestoreCallback storeCallback, IndexedLeadStore store) {
    return new IndexingRestoreCallback(StateRestoreCallbackAdapter.adapt(storeCallback), store);
  }

  @Override
  public void restoreBatch(Collection<ConsumerRecord<byte[], byte[]>> records) {
    if (records.isEmpty()) {
      return;
    }
    List<KeyValue<byte[], byte[]>> changes = new ArrayList<>(records.size());
    long lastOffset = -1;
    for (ConsumerRecord<byte[], byte[]> record : records) {
      changes.add(KeyValue.pair(record.key(), record.value()));
      lastOffset = Math.max(lastOffset, record.offset());
    }
    store.restored(changes, lastOffset, () -> storeCallback.restoreBatch(records));
  }
}
