package ai.buena.leads.projection;

import ai.buena.leads.events.EventParser;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.projection.RepartitionGate.Route;
import java.time.Duration;
import java.util.List;
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
 * The projection: {@code lead-events} into the {@code leads} and {@code event-ids} stores (one
 * sub-topology, partitioned by lead; its {@code applied-offsets} store keeps the last input offset
 * it processed, for read-your-writes) and the per-workspace {@code lead-status-counts} store (a second sub-topology, partitioned by workspace), plus the output
 * topics {@code lead-projections}, {@code lead-status-counts} and {@code lead-events.dlq}. With
 * {@link InputPartitioning#ANY} the first sub-topology also reads the by-lead topic, where events
 * that arrived on another partition than their lead's are moved ({@link RepartitionGate}).
 */
public final class LeadTopology {
  public static final Duration DEFAULT_DEDUPE_WINDOW = Duration.ofDays(7);
  /** With {@link InputPartitioning#ANY}: misplaced events moved by leadId (an internal topic). */
  public static final String BY_LEAD_REPARTITION = "lead-events-by-lead";

  private LeadTopology() {}

  /** The projection of a single-partition {@code lead-events} (every lead on partition 0). */
  public static Topology build(Duration dedupeWindow, ProjectionMetrics metrics) {
    return build(dedupeWindow, metrics, InputPartitioning.CHECKED, 1);
  }

  /** The projection of a {@code lead-events} with {@code inputPartitions} partitions. */
  public static Topology build(
      Duration dedupeWindow,
      ProjectionMetrics metrics,
      InputPartitioning partitioning,
      int inputPartitions) {
    StreamsBuilder builder = new StreamsBuilder();
    addTo(
        builder,
        TopicNames.DEFAULT,
        dedupeWindow,
        metrics,
        new LocalIndexes(),
        partitioning,
        inputPartitions,
        new FailingRecords());
    return builder.build();
  }

  /**
   * Whether the event processor reads {@code topic}: {@code lead-events}, or the by-lead
   * repartition topic of input partitioning {@code any} (whatever the application id).
   */
  static boolean isLeadEventsSource(String topic, TopicNames topics) {
    return topic != null
        && (topics.leadEvents().equals(topic)
            || topic.endsWith("-" + BY_LEAD_REPARTITION + "-repartition"));
  }

  /**
   * The topic whose partitions the leads store follows: {@code lead-events} in both partitionings
   * (with {@link InputPartitioning#ANY} the by-lead topic has as many partitions, read by the same
   * tasks).
   */
  public static String leadsSourceTopic(TopicNames topics) {
    return topics.leadEvents();
  }

  /** The stores of the projection's state: each has a changelog topic. */
  public static final List<String> LOGGED_STORES =
      List.of(Names.LEADS_STORE, Names.EVENT_IDS_STORE, Names.APPLIED_OFFSETS_STORE, Names.STATUS_COUNTS_STORE);

  /** The one key of the {@code applied-offsets} store: the last lead-events offset its partition applied. */
  public static final String APPLIED_OFFSET_KEY = "processed";

  /** The changelog topic of {@code store}, as Kafka Streams names it. */
  public static String changelogTopic(String applicationId, String store) {
    return applicationId + "-" + store + "-changelog";
  }

  /** The changelog topics of {@link #LOGGED_STORES}, as Kafka Streams names them. */
  public static List<String> changelogTopics(String applicationId) {
    return LOGGED_STORES.stream().map(store -> changelogTopic(applicationId, store)).toList();
  }

  /** The by-lead topic of {@link InputPartitioning#ANY}, as Kafka Streams names it. */
  public static String byLeadTopic(String applicationId) {
    return applicationId + "-" + BY_LEAD_REPARTITION + "-repartition";
  }

  /** Adds the projection to a builder that may carry more (the API keys' global store). */
  public static void addTo(
      StreamsBuilder builder,
      TopicNames topics,
      Duration dedupeWindow,
      ProjectionMetrics metrics,
      LocalIndexes indexes,
      InputPartitioning partitioning,
      int inputPartitions,
      FailingRecords failures) {
    addTo(
        builder, topics, dedupeWindow, metrics, indexes, partitioning, inputPartitions, failures,
        new DeadLetterTopicLimit());
  }

  /** ... with dead letters cut to what the dead-letter topic takes ({@code deadLetterLimit}). */
  public static void addTo(
      StreamsBuilder builder,
      TopicNames topics,
      Duration dedupeWindow,
      ProjectionMetrics metrics,
      LocalIndexes indexes,
      InputPartitioning partitioning,
      int inputPartitions,
      FailingRecords failures,
      DeadLetterTopicLimit deadLetterLimit) {
    // No caching: the store keeps its partition's index equal to what it holds (IndexedLeadStore).
    OpenLeadStores openStores = new OpenLeadStores(metrics.jsonCaches());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                new IndexedLeadStoreSupplier(Names.LEADS_STORE, indexes, openStores, metrics),
                Serdes.String(),
                Serdes.ByteArray())
            .withCachingDisabled());
    builder.addStateStore(
        Stores.windowStoreBuilder(
            Stores.persistentWindowStore(
                Names.EVENT_IDS_STORE, dedupeWindow, dedupeWindow, false),
            Serdes.String(),
            Serdes.ByteArray()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.APPLIED_OFFSETS_STORE),
                Serdes.String(),
                Serdes.Long())
            .withCachingEnabled());

    EventParser parser = new EventParser();
    KStream<byte[], byte[]> events =
        builder.stream(topics.leadEvents(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()));
    if (partitioning == InputPartitioning.ANY) {
      // The record key is the leadId (or the event is dead-lettered KEY_MISMATCH after this), so
      // moving a record by key puts its lead where Java's default partitioner would have. Records
      // already there are applied at once: a moved one waits for its input task's commit (the
      // by-lead topic is read committed under exactly-once), so only misplaced events pay that.
      KStream<byte[], RepartitionGate.Routed> gated =
          events.process(
              () -> new RepartitionGate(metrics, inputPartitions, failures, deadLetterLimit), Named.as("gate-input"));
      gated
          .filter((key, routed) -> routed.route() == Route.DEAD_LETTER, Named.as("input-too-large"))
          .mapValues(RepartitionGate.Routed::value, Named.as("input-dead-letters"))
          .to(topics.deadLetters(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
      KStream<byte[], byte[]> moved =
          gated
              .filter((key, routed) -> routed.route() == Route.MOVE, Named.as("input-misplaced"))
              .mapValues(RepartitionGate.Routed::value, Named.as("input-values"))
              .repartition(
                  Repartitioned.with(Serdes.ByteArray(), Serdes.ByteArray())
                      .withName(BY_LEAD_REPARTITION)
                      .withNumberOfPartitions(inputPartitions));
      events =
          gated
              .filter((key, routed) -> routed.route() == Route.APPLY_HERE, Named.as("input-placed"))
              .mapValues(RepartitionGate.Routed::value, Named.as("input-placed-values"))
              .merge(moved, Named.as("input-by-lead"));
    }
    KStream<String, ProjectionOutput> outputs =
        events
            .process(
                () ->
                    new LeadEventProcessor(
                        parser,
                        dedupeWindow,
                        metrics,
                        indexes,
                        openStores,
                        partitioning,
                        inputPartitions,
                        failures,
                        deadLetterLimit,
                        topics.leadEvents()),
                Named.as("apply-lead-events"),
                Names.LEADS_STORE,
                Names.EVENT_IDS_STORE,
                Names.APPLIED_OFFSETS_STORE);

    outputs
        .filter((key, out) -> out instanceof ProjectionOutput.LeadChanged, Named.as("lead-changes"))
        .mapValues(out -> ((ProjectionOutput.LeadChanged) out).json(), Named.as("lead-values"))
        .to(topics.leadProjections(), Produced.with(Serdes.String(), Serdes.ByteArray()));

    outputs
        .filter((key, out) -> out instanceof ProjectionOutput.DeadLetter, Named.as("dead-letters"))
        .map(
            (key, out) -> {
              ProjectionOutput.DeadLetter letter = (ProjectionOutput.DeadLetter) out;
              return KeyValue.pair(letter.key(), letter.value());
            },
            Named.as("dead-letter-originals"))
        .to(topics.deadLetters(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));

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
            topics.statusCounts(),
            Produced.with(Serdes.String(), StatusCountSerdes.statusCounts()));
  }
}
