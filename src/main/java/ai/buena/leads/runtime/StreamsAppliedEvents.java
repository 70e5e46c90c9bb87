package ai.buena.leads.runtime;

import ai.buena.leads.projection.DedupeEntries;
import ai.buena.leads.projection.Names;
import ai.buena.leads.projection.QueryableStores;
import ai.buena.leads.query.AppliedEvent;
import ai.buena.leads.query.AppliedEvents;
import ai.buena.leads.query.UnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The {@code event-ids} de-duplication store of this instance's active tasks, through interactive
 * queries (active stores only: a standby copy may lag its active). An entry counts when it is
 * within the de-duplication window before now, or later (another instance's clock may be ahead),
 * which is what the projection would compare an event arriving now with.
 */
final class StreamsAppliedEvents implements AppliedEvents {
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
  private static final Instant END_OF_TIME = Instant.ofEpochMilli(Long.MAX_VALUE);

  private final KafkaStreams streams;
  private final Duration dedupeWindow;
  private final Clock clock;

  StreamsAppliedEvents(KafkaStreams streams, Duration dedupeWindow, Clock clock) {
    this.streams = streams;
    this.dedupeWindow = dedupeWindow;
    this.clock = clock;
  }

  @Override
  public Optional<AppliedEvent> find(int partition, String leadId, String eventId) {
    Instant windowStart = clock.instant().minus(dedupeWindow);
    Instant from = windowStart.isBefore(Instant.EPOCH) ? Instant.EPOCH : windowStart;
    try {
      ReadOnlyWindowStore<String, byte[]> store =
          QueryableStores.store(
              streams,
              StoreQueryParameters.fromNameAndType(
                      Names.EVENT_IDS_STORE, QueryableStoreTypes.<String, byte[]>windowStore())
                  .withPartition(partition));
      try (WindowStoreIterator<byte[]> entries =
          store.fetch(DedupeEntries.key(leadId, eventId), from, END_OF_TIME)) {
        return entries.hasNext()
            ? Optional.of(new AppliedEvent(DedupeEntries.fingerprint(entries.next().value)))
            : Optional.empty();
      }
    } catch (InvalidStateStoreException e) {
      throw new UnavailableException(
          "the de-duplication store of partition " + partition + " cannot be read here",
          RETRY_AFTER);
    }
  }
}
