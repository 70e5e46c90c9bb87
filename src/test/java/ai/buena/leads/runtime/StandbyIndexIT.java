package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.index.IndexRole;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.projection.LeadPartitioner;
import ai.buena.leads.projection.Names;
import ai.buena.leads.query.LeadPage;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.LocalLeadQueryService;
import ai.buena.leads.query.ReferenceQueryEngine;
import ai.buena.leads.query.SortField;
import ai.buena.leads.query.SortOrder;
import ai.buena.leads.query.UnavailableException;
import ai.buena.leads.runtime.generate.HistoryGenerator;
import ai.buena.leads.runtime.topics.TopicDeclarations;
import ai.buena.leads.testing.FreePorts;
import ai.buena.leads.testing.PublishedEvents;
import ai.buena.leads.testing.ReferenceProjection;
import ai.buena.leads.testing.SharedKafka;
import ai.buena.leads.testing.TestTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances with {@code num.standby.replicas=1} on the shared broker: each partition's index
 * is held warm by the instance that stands by for it, with the very leads the active one has, and
 * when the active instance stops the standby's index becomes active as it is, without a rebuild.
 */
class StandbyIndexIT {
  private static final int PARTITIONS =
      TopicDeclarations.loadFromClasspath().get(Names.LEAD_EVENTS).partitions();
  private static final Duration STARTED = Duration.ofSeconds(60);
  private static final Duration APPLIED = Duration.ofSeconds(90);
  private static final Instant START = Instant.parse("2025-05-01T00:00:00Z");

  @TempDir Path dataDir;

  private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final String applicationId = "it-standby-" + suffix;
  private final String workspace = "ws_standby_" + suffix;
  private final List<LeadProjectionApp> apps = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void topics() {
    TestTopics.ensureDeclaredTopics();
  }

  @AfterEach
  void stopEveryInstance() {
    CompletableFuture.allOf(
            apps.stream().map(app -> CompletableFuture.runAsync(app::close)).toArray(CompletableFuture[]::new))
        .join();
    apps.clear();
  }

  @Test
  void shouldHoldEveryPartitionsLeadsInTheStandbyInstancesIndexToo() {
    List<LeadProjectionApp> cluster = startTwoInstances();
    Map<String, Lead> leads = publishLeads(300);

    await()
        .atMost(APPLIED)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptionsInstanceOf(UnavailableException.class)
        .untilAsserted(
            () -> {
              for (int p = 0; p < PARTITIONS; p++) {
                List<IndexRole> roles = new ArrayList<>();
                for (LeadProjectionApp app : cluster) {
                  LocalIndexes indexes = app.projection().indexes();
                  indexes.role(p).ifPresent(roles::add);
                  PartitionIndex index = indexes.partition(p).orElseThrow(() -> new AssertionError("no index"));
                  assertIndexHolds(index, leadsOfPartition(leads, index.partition()));
                }
                assertThat(roles).as("partition %d", p).containsExactlyInAnyOrder(IndexRole.ACTIVE, IndexRole.STANDBY);
              }
            });
  }

  @Test
  void shouldPromoteTheStandbyIndexAsItIsWhenTheActiveInstanceStops() {
    List<LeadProjectionApp> cluster = startTwoInstances();
    Map<String, Lead> leads = publishLeads(200);
    LeadProjectionApp stays = cluster.get(0);
    LeadProjectionApp stops = cluster.get(1);
    await()
        .atMost(APPLIED)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptionsInstanceOf(UnavailableException.class)
        .untilAsserted(
            () -> {
              assertThat(stays.projection().indexes().standby()).isNotEmpty();
              for (PartitionIndex standby : stays.projection().indexes().standby().values()) {
                assertIndexHolds(standby, leadsOfPartition(leads, standby.partition()));
              }
            });
    Map<Integer, PartitionIndex> warm = stays.projection().indexes().standby();

    stops.close();
    apps.remove(stops);

    await()
        .atMost(APPLIED)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> stays.projection().indexes().active().size() == PARTITIONS);
    for (Map.Entry<Integer, PartitionIndex> standby : warm.entrySet()) {
      assertThat(stays.projection().indexes().activePartition(standby.getKey()))
          .as("partition %d", standby.getKey())
          .containsSame(standby.getValue());
    }
  }

  private List<LeadProjectionApp> startTwoInstances() {
    List<Integer> ports = FreePorts.take(2);
    for (int i = 0; i < 2; i++) {
      String name = List.of("a", "b").get(i);
      int port = ports.get(i);
      AppConfig config =
          new AppConfig(
              SharedKafka.bootstrapServers(),
              port,
              dataDir.resolve(name),
              applicationId,
              "http://localhost:" + port,
              "standby-it-secret-0123456789-" + suffix,
              "exactly_once_v2",
              1,
              1,
              1,
              Duration.ofDays(7),
              1000);
      apps.add(LeadProjectionApp.start(config));
    }
    await()
        .atMost(STARTED)
        .until(() -> apps.stream().allMatch(app -> app.projection().streams().state() == KafkaStreams.State.RUNNING));
    return List.copyOf(apps);
  }

  private Map<String, Lead> publishLeads(int count) {
    List<String> events = new ArrayList<>();
    new HistoryGenerator(21, workspace, START).generateInterleaved(count, events::add);
    PublishedEvents.publishAll(SharedKafka.bootstrapServers(), events);
    return new ReferenceProjection().apply(events).leadsOf(workspace);
  }

  private static List<Lead> leadsOfPartition(Map<String, Lead> leads, int partition) {
    return leads.values().stream()
        .filter(lead -> LeadPartitioner.partitionOf(lead.id(), PARTITIONS) == partition)
        .toList();
  }

  /**
   * The index answers the workspace's leads of its partition exactly, in every order. A task may
   * still move after both instances run (the assignor balances actives once the newcomer's copies
   * are caught up); reading an index it closed is an {@link UnavailableException}, and the
   * callers' waits read the indexes again.
   */
  private void assertIndexHolds(PartitionIndex index, List<Lead> expected) {
    LocalIndexes alone = new LocalIndexes();
    alone.register(index);
    LocalLeadQueryService engine = new LocalLeadQueryService(alone, 1, () -> true, id -> index.partition());
    ReferenceQueryEngine reference = new ReferenceQueryEngine(expected);
    for (SortField field : SortField.values()) {
      LeadQuery query = LeadQuery.builder().limit(100).sortBy(field).sortOrder(SortOrder.DESC).build();
      Map<String, Object> actual = new HashMap<>();
      LeadPage page = engine.list(workspace, query);
      LeadPage wanted = reference.query(workspace, query);
      actual.put("pagination", page.pagination());
      actual.put("ids", page.leads().stream().map(Lead::id).toList());
      assertThat(actual)
          .as("partition %d by %s", index.partition(), field)
          .isEqualTo(Map.of("pagination", wanted.pagination(), "ids", wanted.leads().stream().map(Lead::id).toList()));
    }
  }
}
