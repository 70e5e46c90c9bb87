package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.RetiredCopy;
import ai.buena.leads.projection.LeadPartitioner;
import ai.buena.leads.projection.Names;
import ai.buena.leads.projection.SnapshotPreloads;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.LocalLeadQueryService;
import ai.buena.leads.query.PartialAnswer;
import ai.buena.leads.query.StandbyBound;
import ai.buena.leads.testing.GeneratedWorkspace;
import ai.buena.leads.testing.RunningApp;
import ai.buena.leads.testing.SharedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up copies on the real chain: a real exactly-once Kafka Streams run on the shared broker
 * stops cleanly (its stores commit, close and save their snapshots), then a new instance on the
 * same state directory, before its Kafka Streams starts, answers every partition from its start-up
 * copies, labelled with how far the real changelog's end is past each copy's committed offset;
 * once Kafka Streams runs, the copies are closed and the answer is complete without a label.
 */
class StartUpCopyIT {
  private static final StandbyBound ALLOWED = new StandbyBound(1000);

  @TempDir Path dataDir;

  @Test
  void shouldAnswerFromStartUpCopiesLabelledWithTheirChangelogLagUntilKafkaStreamsRuns()
      throws Exception {
    String workspace = "ws_startup_" + Long.toHexString(System.nanoTime());
    AppConfig config =
        RunningApp.config(SharedKafka.uniqueName("startup-copies"), dataDir, "exactly_once_v2");
    GeneratedWorkspace generated = GeneratedWorkspace.generate(17, workspace, 300);
    try (RunningApp app = RunningApp.start(config)) {
      generated.publish(SharedKafka.bootstrapServers());
      app.awaitLiveLeadsOf(generated);
    } // a clean stop: every store commits, closes and saves its snapshot
    int partitions = leadEventsPartitions();
    Set<Integer> all = new TreeSet<>();
    IntStream.range(0, partitions).forEach(all::add);

    try (SnapshotPreloads preloads = ProjectionService.preloadSnapshots(config)) {
      ProjectionService projection = ProjectionService.create(config, partitions, preloads);
      try {
        LocalIndexes indexes = projection.indexes();
        await()
            .atMost(SharedKafka.DEADLINE)
            .until(() -> all.stream().allMatch(p -> indexes.retiredPartition(p).isPresent()));
        StandbyStores standbys = projection.standbyCopies();
        long worstLag = 0;
        for (int partition : all) {
          RetiredCopy copy = indexes.retiredPartition(partition).orElseThrow();
          assertThat(copy.atStartUp()).isTrue();
          OptionalLong behind = standbys.recordsBehind(copy);
          assertThat(behind).as("partition %d", partition).isPresent();
          worstLag = Math.max(worstLag, behind.getAsLong());
        }
        // nothing was written since the stop: at most the transaction markers of the last commits
        assertThat(worstLag).isLessThan(5);
        LocalLeadQueryService local =
            new LocalLeadQueryService(
                indexes,
                partitions,
                projection::answersQueries,
                id -> LeadPartitioner.partitionOf(id, partitions),
                LocalLeadQueryService.DEFAULT_WORK_BUDGET,
                standbys);

        PartialAnswer early = local.partial(workspace, LeadQuery.builder().build(), all, ALLOWED);

        assertThat(projection.streams().state().name()).isEqualTo("CREATED");
        assertThat(early.total()).isEqualTo(generated.liveLeads());
        assertThat(early.staleness().standbyPartitions()).isEqualTo(partitions);
        assertThat(early.staleness().recordsBehind()).isEqualTo(worstLag);

        projection.startStreams();
        assertThat(projection.awaitRunning(SharedKafka.DEADLINE)).isTrue();
        assertThat(all).allMatch(p -> indexes.retiredPartition(p).isEmpty());
        await()
            .atMost(SharedKafka.DEADLINE)
            .until(() -> indexes.active().size() == partitions);
        PartialAnswer running = local.partial(workspace, LeadQuery.builder().build(), all, ALLOWED);
        assertThat(running.total()).isEqualTo(generated.liveLeads());
        assertThat(running.staleness().stale()).isFalse();
      } finally {
        projection.close();
      }
    }
  }

  private static int leadEventsPartitions() throws Exception {
    return SharedKafka.admin()
        .describeTopics(Set.of(Names.LEAD_EVENTS))
        .allTopicNames()
        .get(SharedKafka.DEADLINE.toSeconds(), TimeUnit.SECONDS)
        .get(Names.LEAD_EVENTS)
        .partitions()
        .size();
  }
}
