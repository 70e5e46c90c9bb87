package ai.buena.leads.projection;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.index.LocalIndexes;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class LeadTopologyTopicNamesTest {
  @Test
  void shouldReadAndWriteOnlyTheTopicsItIsGiven() {
    TopicNames names = TopicNames.of("crm.", Map.of("lead-events", "crm.leads.events"));
    StreamsBuilder builder = new StreamsBuilder();
    LeadTopology.addTo(
        builder,
        names,
        Duration.ofDays(7),
        new ProjectionMetrics(),
        new LocalIndexes(),
        InputPartitioning.CHECKED,
        4,
        new FailingRecords());

    TopologyDescription description = builder.build().describe();

    Set<String> sources = new TreeSet<>();
    Set<String> sinks = new TreeSet<>();
    for (TopologyDescription.Subtopology subtopology : description.subtopologies()) {
      for (TopologyDescription.Node node : subtopology.nodes()) {
        if (node instanceof TopologyDescription.Source source) {
          sources.addAll(source.topicSet());
        } else if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
          sinks.add(sink.topic());
        }
      }
    }
    assertThat(sources).contains("crm.leads.events").noneMatch(topic -> topic.startsWith("lead-"));
    assertThat(sinks)
        .contains("crm.lead-projections", "crm.lead-events.dlq", "crm.lead-status-counts")
        .noneMatch(topic -> topic.startsWith("lead-"));
  }
}
