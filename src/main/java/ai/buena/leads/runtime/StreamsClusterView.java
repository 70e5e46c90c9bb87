package ai.buena.leads.runtime;

import ai.buena.leads.projection.Names;
import ai.buena.leads.query.ClusterView;
import ai.buena.leads.query.HostAddress;
import ai.buena.leads.query.Placement;
import ai.buena.leads.query.UnavailableException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/** Who owns which partition of the leads store, from Kafka Streams' metadata. */
final class StreamsClusterView implements ClusterView {
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final KafkaStreams streams;
  private final HostAddress self;
  private final int partitions;
  private final String leadsSourceTopic;

  /** @param leadsSourceTopic the topic whose partitions the leads store follows */
  StreamsClusterView(KafkaStreams streams, HostAddress self, int partitions, String leadsSourceTopic) {
    this.streams = streams;
    this.self = self;
    this.partitions = partitions;
    this.leadsSourceTopic = leadsSourceTopic;
  }

  @Override
  public HostAddress self() {
    return self;
  }

  @Override
  public Map<HostAddress, Set<Integer>> activeOwners() {
    Map<HostAddress, Set<Integer>> owners = new HashMap<>();
    Set<Integer> covered = new HashSet<>();
    try {
      for (StreamsMetadata instance : streams.streamsMetadataForStore(Names.LEADS_STORE)) {
        HostAddress host = new HostAddress(instance.host(), instance.port());
        for (TopicPartition partition : instance.topicPartitions()) {
          if (partition.topic().equals(leadsSourceTopic) && covered.add(partition.partition())) {
            owners.computeIfAbsent(host, h -> new HashSet<>()).add(partition.partition());
          }
        }
      }
    } catch (RuntimeException e) {
      throw new UnavailableException("cluster metadata unavailable", RETRY_AFTER);
    }
    if (covered.size() < partitions) {
      throw new UnavailableException(
          covered.size() + " of " + partitions + " partitions have an active owner", RETRY_AFTER);
    }
    return owners;
  }

  @Override
  public Placement placement() {
    Map<Integer, HostAddress> actives = new HashMap<>();
    Map<Integer, Set<HostAddress>> standbys = new HashMap<>();
    if (streams.state() == KafkaStreams.State.CREATED) {
      // not started: no owner is known yet, only copies may answer (start-up copies, labelled)
      return new Placement(partitions, actives, standbys);
    }
    try {
      for (StreamsMetadata instance : streams.streamsMetadataForStore(Names.LEADS_STORE)) {
        HostAddress host = new HostAddress(instance.host(), instance.port());
        for (TopicPartition partition : instance.topicPartitions()) {
          if (partition.topic().equals(leadsSourceTopic)) {
            actives.putIfAbsent(partition.partition(), host);
          }
        }
        for (TopicPartition partition : instance.standbyTopicPartitions()) {
          if (partition.topic().equals(leadsSourceTopic)) {
            standbys.computeIfAbsent(partition.partition(), p -> new HashSet<>()).add(host);
          }
        }
      }
    } catch (RuntimeException e) {
      throw new UnavailableException("cluster metadata unavailable", RETRY_AFTER);
    }
    return new Placement(partitions, actives, standbys);
  }

  @Override
  public Set<HostAddress> instances() {
    Set<HostAddress> all = new HashSet<>();
    all.add(self);
    try {
      for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
        if (instance.port() >= 0) {
          all.add(new HostAddress(instance.host(), instance.port()));
        }
      }
    } catch (RuntimeException e) {
      // metadata unreadable: only this instance is known
    }
    return all;
  }

  @Override
  public Set<HostAddress> standbysOf(String leadId) {
    try {
      KeyQueryMetadata metadata =
          streams.queryMetadataForKey(Names.LEADS_STORE, leadId, Serdes.String().serializer());
      Set<HostAddress> standbys = new HashSet<>();
      for (HostInfo standby : metadata.standbyHosts()) {
        if (standby.port() >= 0) {
          standbys.add(new HostAddress(standby.host(), standby.port()));
        }
      }
      return standbys;
    } catch (RuntimeException e) {
      return Set.of();
    }
  }

  @Override
  public Optional<HostAddress> ownerOf(String leadId) {
    try {
      KeyQueryMetadata metadata =
          streams.queryMetadataForKey(Names.LEADS_STORE, leadId, Serdes.String().serializer());
      HostInfo active = metadata.activeHost();
      if (metadata == KeyQueryMetadata.NOT_AVAILABLE || active.port() < 0) {
        return Optional.empty();
      }
      return Optional.of(new HostAddress(active.host(), active.port()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
