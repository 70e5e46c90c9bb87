package ai.buena.leads.projection;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * Kafka Streams' store lookup with one failure for "no store to read now": once Kafka Streams is
 * failing or stopped it throws {@code IllegalStateException} ("KafkaStreams is not running")
 * rather than {@link InvalidStateStoreException}; both mean the same to a reader (a 503, never a
 * 500), so callers catch only the latter.
 */
public final class QueryableStores {
  private QueryableStores() {}

  public static <T> T store(KafkaStreams streams, StoreQueryParameters<T> parameters) {
    try {
      return streams.store(parameters);
    } catch (IllegalStateException e) {
      throw new InvalidStateStoreException(e.getMessage(), e);
    }
  }
}
