package ai.buena.leads.projection;

import java.io.File;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.CommitCallback;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * A task's {@link StateStoreContext} as a wrapped store sees it, except for the restore callback
 * the store registers, which {@link #restoreCallback} may replace. (Kafka Streams 4.4's RocksDB
 * store uses only this public interface of its context; its metrics object is the task's own.)
 */
abstract class DelegatingStateStoreContext implements StateStoreContext {
  private final StateStoreContext delegate;

  DelegatingStateStoreContext(StateStoreContext delegate) {
    this.delegate = delegate;
  }

  /** The callback to register in place of the store's own {@code storeCallback}. */
  protected abstract StateRestoreCallback restoreCallback(StateRestoreCallback storeCallback);

  @Override
  public void register(StateStore store, StateRestoreCallback callback) {
    delegate.register(store, restoreCallback(callback));
  }

  @Override
  public void register(StateStore store, StateRestoreCallback callback, CommitCallback onCommit) {
    delegate.register(store, restoreCallback(callback), onCommit);
  }

  @Override
  public String applicationId() {
    return delegate.applicationId();
  }

  @Override
  public TaskId taskId() {
    return delegate.taskId();
  }

  @Override
  public Optional<RecordMetadata> recordMetadata() {
    return delegate.recordMetadata();
  }

  @Override
  public Serde<?> keySerde() {
    return delegate.keySerde();
  }

  @Override
  public Serde<?> valueSerde() {
    return delegate.valueSerde();
  }

  @Override
  public File stateDir() {
    return delegate.stateDir();
  }

  @Override
  public StreamsMetrics metrics() {
    return delegate.metrics();
  }

  @Override
  public Map<String, Object> appConfigs() {
    return delegate.appConfigs();
  }

  @Override
  public Map<String, Object> appConfigsWithPrefix(String prefix) {
    return delegate.appConfigsWithPrefix(prefix);
  }
}
