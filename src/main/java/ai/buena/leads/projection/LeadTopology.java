package ai.buena.leads.projection;

import ai.buena.leads.events.EventParser;
import ai.buena.leads.index.LocalIndexes;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The projection: {@code lead-events} into the {@code leads}, {@code followup-candidates} and
 * {@code event-ids} stores (one sub-topology, partitioned by lead) and the per-workspace {@code
 * lead-status-counts} store (a second sub-topology, partitioned by workspace), plus the output
 * topics {@code lead-projections}, {@code lead-status-counts} and {@code lead-events.dlq}.
 */
public final class LeadTopology {
  public static final Duration DEFAULT_DEDUPE_WINDOW = Duration.ofDays(7);

  private LeadTopology() {}

  public static Topology build(Duration dedupeWindow, ProjectionMetrics metrics) {
    return build(dedupeWindow, metrics, new LocalIndexes());
  }

  public static Topology build(
      Duration dedupeWindow, ProjectionMetrics metrics, LocalIndexes indexes) {
    StreamsBuilder builder = new StreamsBuilder();
    addTo(builder, dedupeWindow, metrics, indexes);
    return builder.build();
  }

  /** Adds the projection to a builder that may carry more (the API keys' global store). */
  public static void addTo(
      StreamsBuilder builder, Duration dedupeWindow, ProjectionMetrics metrics, LocalIndexes indexes) {
    addTo(builder, dedupeWindow, metrics, indexes, new FailingRecords());
  }

  /** As above, with the failure counts the error handlers share (see {@link ErrorHandling}). */
  public static void addTo(
      StreamsBuilder builder,
      Duration dedupeWindow,
      ProjectionMetrics metrics,
      LocalIndexes indexes,
      FailingRecords failures) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(Names.LEADS_STORE), Serdes.String(), Serdes.ByteArray()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(Names.FOLLOWUP_STORE), Serdes.Bytes(), Serdes.ByteArray()));
    builder.addStateStore(
        Stores.windowStoreBuilder(
            Stores.persistentWindowStore(
                Names.EVENT_IDS_STORE, dedupeWindow, dedupeWindow, false),
            Serdes.String(),
            Serdes.ByteArray()));

    EventParser parser = new EventParser();
    KStream<String, ProjectionOutput> outputs =
        builder.stream(Names.LEAD_EVENTS, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
            .process(
                () -> new LeadEventProcessor(parser, dedupeWindow, metrics, indexes, failures),
                Named.as("apply-lead-events"),
                Names.LEADS_STORE,
                Names.FOLLOWUP_STORE,
                Names.EVENT_IDS_STORE);

    outputs
        .filter((key, out) -> out instanceof ProjectionOutput.LeadChanged, Named.as("lead-changes"))
        .mapValues(out -> ((ProjectionOutput.LeadChanged) out).json(), Named.as("lead-values"))
        .to(Names.LEAD_PROJECTIONS, Produced.with(Serdes.String(), Serdes.ByteArray()));

    outputs
        .filter((key, out) -> out instanceof ProjectionOutput.DeadLetter, Named.as("dead-letters"))
        .map(
            (key, out) -> {
              ProjectionOutput.DeadLetter letter = (ProjectionOutput.DeadLetter) out;
              return KeyValue.pair(letter.key(), letter.value());
            },
            Named.as("dead-letter-originals"))
        .to(Names.LEAD_EVENTS_DLQ, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));

    outputs
        .filter((key, out) -> out instanceof ProjectionOutput.StatusDelta, Named.as("status-changes"))
        .mapValues(out -> ((ProjectionOutput.StatusDelta) out).delta(), Named.as("status-deltas"))
        .repartition(
            Repartitioned.with(Serdes.String(), StatusCountSerdes.statusDelta()).withName("status-deltas"))
        .groupByKey(Grouped.with(Serdes.String(), StatusCountSerdes.statusDelta()))
        .aggregate(
            () -> null,
            (workspace, delta, counts) ->
                (counts == null ? StatusCounts.empty(workspace) : counts).plus(workspace, delta),
            Named.as("count-statuses"),
            Materialized.<String, StatusCounts, KeyValueStore<Bytes, byte[]>>as(
                    Names.STATUS_COUNTS_STORE)
                .withKeySerde(Serdes.String())
                .withValueSerde(StatusCountSerdes.statusCounts()))
        .toStream(Named.as("status-counts-changes"))
        .to(
            Names.LEAD_STATUS_COUNTS,
            Produced.with(Serdes.String(), StatusCountSerdes.statusCounts()));
  }
}
