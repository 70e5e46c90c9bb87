package ai.buena.leads.runtime;

import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.index.RetiredCopy;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import ai.buena.leads.projection.Names;
import ai.buena.leads.projection.QueryableStores;
import ai.buena.leads.query.StandbyCopies;
import ai.buena.leads.query.UnavailableException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * This instance's standby copies of the {@code leads} store, from Kafka Streams: how far behind
 * each is ({@link KafkaStreams#allLocalStorePartitionLags()}, which asks the broker for the
 * changelogs' end offsets, so it is measured at most once per {@link #LAG_CACHE}, by a {@link
 * LagMeter}), and reads of one
 * lead from a copy (interactive queries with stale stores enabled). Retired copies, which Kafka
 * Streams no longer knows, are measured against their changelog's end offset ({@link
 * ChangelogEnds}), the way Kafka Streams measures its copies.
 */
final class StandbyStores implements StandbyCopies {
  static final Duration LAG_CACHE = Duration.ofMillis(500);
  /** How long a measurement that lacks a partition is used for it: new copies appear in rebalances. */
  static final Duration UNKNOWN_LAG_CACHE = Duration.ofMillis(50);
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final KafkaStreams streams;
  private final LagMeter lags;
  private final Optional<ChangelogEnds> changelogEnds;
  private final Optional<LocalIndexes> indexes;
  private final String leadsChangelog;

  StandbyStores(KafkaStreams streams) {
    this(streams, new LagMeter(streams));
  }

  StandbyStores(KafkaStreams streams, LagMeter lags) {
    this(streams, lags, Optional.empty(), Optional.empty(), null);
  }

  /**
   * @param lags the local stores' lags, measured off the caller's thread
   * @param indexes this instance's indexes: a standby copy's own changelog position, for when
   *     Kafka Streams does not report its lag
   * @param leadsChangelog the leads store's changelog topic
   */
  StandbyStores(
      KafkaStreams streams,
      LagMeter lags,
      ChangelogEnds changelogEnds,
      LocalIndexes indexes,
      String leadsChangelog) {
    this(streams, lags, Optional.of(changelogEnds), Optional.of(indexes), leadsChangelog);
  }

  private StandbyStores(
      KafkaStreams streams,
      LagMeter lags,
      Optional<ChangelogEnds> changelogEnds,
      Optional<LocalIndexes> indexes,
      String leadsChangelog) {
    this.streams = streams;
    this.lags = lags;
    this.changelogEnds = changelogEnds;
    this.indexes = indexes;
    this.leadsChangelog = leadsChangelog;
  }

  /** As Kafka Streams' {@link LagInfo#offsetLag()}: the end offset minus the copy's offset. */
  @Override
  public OptionalLong recordsBehind(RetiredCopy copy) {
    if (changelogEnds.isEmpty()) {
      return OptionalLong.empty();
    }
    OptionalLong end =
        changelogEnds
            .get()
            .endOffset(new TopicPartition(copy.changelogTopic(), copy.changelogPartition()));
    return end.isEmpty()
        ? OptionalLong.empty()
        : OptionalLong.of(Math.max(0, end.getAsLong() - copy.changelogOffset()));
  }

  @Override
  public OptionalLong recordsBehind(int partition) {
    LagInfo lag = lags(LAG_CACHE).get(partition);
    if (lag == null) {
      // a copy this instance got in a rebalance since the last measurement is not in it yet:
      // measure again rather than refuse the copy for up to LAG_CACHE
      lag = lags(UNKNOWN_LAG_CACHE).get(partition);
    }
    return lag == null ? ownMeasure(partition) : OptionalLong.of(lag.offsetLag());
  }

  /**
   * How far behind the partition's standby index is, measured as Kafka Streams measures it (the
   * changelog's end offset minus the copy's position), for a copy Kafka Streams does not report:
   * while a rebalance moves its task (a standby being promoted to active, for one) its store and
   * index stay open, but {@link KafkaStreams#allLocalStorePartitionLags()} lacks it. Empty when
   * there is no such index or its position is unknown.
   */
  private OptionalLong ownMeasure(int partition) {
    if (changelogEnds.isEmpty() || indexes.isEmpty()) {
      return OptionalLong.empty();
    }
    Optional<PartitionIndex> copy = indexes.get().standbyPartition(partition);
    if (copy.isEmpty() || copy.get().changelogOffset() < 0) {
      return OptionalLong.empty();
    }
    long position = copy.get().changelogOffset();
    OptionalLong end = changelogEnds.get().endOffset(new TopicPartition(leadsChangelog, partition));
    return end.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Math.max(0, end.getAsLong() - position));
  }

  @Override
  public Optional<Lead> lead(int partition, String leadId) {
    try {
      ReadOnlyKeyValueStore<String, byte[]> store =
          QueryableStores.store(
              streams,
              StoreQueryParameters.fromNameAndType(
                      Names.LEADS_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore())
                  .withPartition(partition)
                  .enableStaleStores());
      byte[] lead = store.get(leadId);
      return lead == null ? Optional.empty() : Optional.of(LeadJson.fromBytes(lead));
    } catch (InvalidStateStoreException e) {
      throw new UnavailableException(
          "no readable copy of partition " + partition + " here", RETRY_AFTER);
    }
  }

  /**
   * The lags of the local copies of the leads store by partition, measured at most {@code maxAge}
   * ago if possible ({@link LagMeter#lags}); none when unknown: no copy may answer until they can be
   * measured again.
   */
  private Map<Integer, LagInfo> lags(Duration maxAge) {
    return this.lags
        .lags(maxAge)
        .map(measured -> measured.lags().getOrDefault(Names.LEADS_STORE, Map.of()))
        .orElse(Map.of());
  }
}
