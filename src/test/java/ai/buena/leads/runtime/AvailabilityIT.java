package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.runtime.kafka.EmbeddedKafkaBroker;
import ai.buena.leads.testing.AvailabilityPoller;
import ai.buena.leads.testing.AvailabilityPoller.Kind;
import ai.buena.leads.testing.AvailabilityPoller.Observation;
import ai.buena.leads.testing.GeneratedWorkspace;
import ai.buena.leads.testing.ServiceCluster;
import ai.buena.leads.testing.ServiceProcess;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's scenarios on real instances ({@code java -jar ... serve} child processes, static
 * members, one standby replica): a rolling restart of two, a SIGKILL of one of two, a third
 * joining two (three JVMs at most: the bench, ops/bench/availability.sh, runs three and four). A poller
 * asks every instance a load balancer would route to (ready since its start, until its process
 * ends) every 20 ms. Asserted are properties, not timings: every answer is complete, stale-labelled,
 * or an explicit 503; never a partial total, never a 500.
 */
class AvailabilityIT {
  /** Generous: three JVMs and a broker share two cores with whatever else runs. */
  private static final Duration DEADLINE = Duration.ofMinutes(4);
  private static final Duration POLL = Duration.ofMillis(20);
  private static final String SECRET = "availability-it-cluster-secret-0123456789";
  private static final String WORKSPACE = "ws_availability";
  private static final String QUERY = "/api/v2/leads?limit=5";
  private static final Set<Kind> ALLOWED =
      Set.of(Kind.COMPLETE, Kind.STALE, Kind.UNAVAILABLE, Kind.STOPPING, Kind.REFUSED);

  @TempDir static Path shared;
  private static EmbeddedKafkaBroker kafka;
  private String applicationId;
  private static GeneratedWorkspace data;
  private static String key;

  @TempDir Path dir;
  private ServiceCluster cluster;

  @BeforeAll
  static void brokerAndData() {
    kafka = EmbeddedKafkaBroker.start(shared.resolve("kafka"), 0);
    ServiceCluster.provisionTopics(kafka.bootstrapServers());
    data = GeneratedWorkspace.generate(12, WORKSPACE, 500);
    data.publish(kafka.bootstrapServers());
    key = ServiceCluster.createReadKey(kafka.bootstrapServers(), WORKSPACE);
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void shouldAnswerCompletelyOrWithAnExplicit503ThroughARollingRestart(TestInfo test) {
    // The poller asks an instance until its process ends, whatever /health/ready says: a shorter
    // drain than the default 5 s changes no answer it may get, only the length of the restart.
    startCluster(test, List.of("--drain-period", "PT1S"));
    List<Observation> seen;
    try (AvailabilityPoller poller = poll()) {
      cluster.rollingRestart(DEADLINE);
      awaitEveryRoutedInstanceComplete();
      awaitCompleteAnswerPolled(poller);
      seen = poller.observations();
    }
    assertOnlyCompleteOrExplicitlyUnavailable(seen);
  }

  @Test
  void shouldAnswerCompletelyOrWithAnExplicit503WhenOneOfTwoIsKilled(TestInfo test) {
    // A crashed static member's partitions move after the session timeout: short, for the test.
    startCluster(test, List.of("--session-timeout", "PT10S"));
    // Killed with a transaction open, its events are replayed by the new active after the
    // session timeout: answers then grow back to the total, unlabelled (an active behind its
    // input, as under any ingest). This test is about the survivors' answers, so kill after the
    // last commit.
    awaitInputCommitted();
    List<Observation> seen;
    long killed;
    try (AvailabilityPoller poller = poll()) {
      cluster.instances().get(1).kill();
      // from its death on (kill() returns once the process is gone): answers asked before it may
      // have been given by the killed instance itself
      killed = System.nanoTime();
      awaitEveryRoutedInstanceComplete();
      awaitCompleteAnswerPolled(poller);
      seen = poller.observations();
    }
    assertOnlyCompleteOrExplicitlyUnavailable(seen);
    // The survivor answers for the dead member's partitions from its standby copies, and keeps
    // answering while the session timeout's rebalance promotes them (issue 12 (c)).
    long firstAnswer =
        seen.stream()
            .filter(o -> o.sentNanos() >= killed && (o.kind() == Kind.COMPLETE || o.kind() == Kind.STALE))
            .mapToLong(Observation::sentNanos)
            .min()
            .orElseThrow();
    assertThat(seen)
        .as("answers after the survivor's first answer since the kill; the instances logged:%n%s", reasons())
        .filteredOn(o -> o.sentNanos() > firstAnswer)
        .noneMatch(o -> o.kind() == Kind.UNAVAILABLE || o.kind() == Kind.STOPPING);
  }

  @Test
  void shouldAnswerCompletelyOrWithAnExplicit503WhenAnInstanceJoins(TestInfo test) {
    startCluster(test, List.of());
    ServiceProcess joiner = cluster.add("c");
    List<Observation> seen;
    try (AvailabilityPoller poller =
        AvailabilityPoller.start(cluster.targets(joiner), QUERY, key, data.liveLeads(), POLL)) {
      cluster.start(joiner);
      cluster.awaitReady(joiner, DEADLINE);
      awaitEveryRoutedInstanceComplete();
      awaitCompleteAnswerPolled(poller);
      seen = poller.observations();
    }
    assertThat(seen).as("answers of the joiner").anyMatch(o -> o.instance().equals("c"));
    assertOnlyCompleteOrExplicitlyUnavailable(seen);
  }

  private void awaitInputCommitted() {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      await()
          .atMost(DEADLINE)
          .ignoreExceptions()
          .until(
              () -> {
                Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
                int partitions =
                    admin.describeTopics(List.of("lead-events")).allTopicNames().get()
                        .get("lead-events").partitions().size();
                Map<TopicPartition, OffsetSpec> latest =
                    java.util.stream.IntStream.range(0, partitions)
                        .mapToObj(p -> new TopicPartition("lead-events", p))
                        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                return latest.keySet().stream()
                    .allMatch(
                        tp ->
                            ends.get(tp).offset() == 0
                                || (committed.containsKey(tp)
                                    && committed.get(tp).offset() >= ends.get(tp).offset()));
              });
    }
  }

  private void startCluster(TestInfo test, List<String> extraArgs) {
    applicationId = "availability-" + UUID.randomUUID();
    cluster =
        new ServiceCluster(
            kafka.bootstrapServers(),
            applicationId,
            SECRET,
            dir,
            Path.of("target", "availability", test.getTestMethod().orElseThrow().getName()),
            extraArgs,
            List.of("-Xmx384m"));
    for (String name : List.of("a", "b")) {
      cluster.start(cluster.add(name));
    }
    cluster.instances().forEach(instance -> cluster.awaitReady(instance, DEADLINE));
    awaitEveryRoutedInstanceComplete();
  }

  private AvailabilityPoller poll() {
    return AvailabilityPoller.start(cluster.targets(), QUERY, key, data.liveLeads(), POLL);
  }

  private void awaitEveryRoutedInstanceComplete() {
    cluster.instances().stream()
        .filter(ServiceProcess::isAlive)
        .forEach(i -> ServiceCluster.awaitTotal(i, QUERY, key, data.liveLeads(), DEADLINE));
  }

  /**
   * Until the poller, too, got a complete answer (exact, not from standby copies) from every running
   * instance after it settled.
   */
  private void awaitCompleteAnswerPolled(AvailabilityPoller poller) {
    long settled = System.nanoTime();
    await()
        .atMost(DEADLINE)
        .until(
            () ->
                cluster.instances().stream()
                    .filter(ServiceProcess::isAlive)
                    .allMatch(
                        instance ->
                            poller.between(settled, Long.MAX_VALUE).stream()
                                .anyMatch(
                                    o ->
                                        o.instance().equals(instance.name())
                                            && o.kind() == Kind.COMPLETE)));
  }

  private void assertOnlyCompleteOrExplicitlyUnavailable(List<Observation> seen) {
    var kinds = AvailabilityPoller.count(seen);
    System.out.println("MEASURED availability answers " + kinds);
    assertThat(kinds.get(Kind.COMPLETE)).as("complete answers").isPositive();
    assertThat(seen)
        .as("every answer complete, stale-labelled or an explicit 503: %s; the instances logged:%n%s", kinds, reasons())
        .allMatch(o -> ALLOWED.contains(o.kind()));
  }

  /** The instances' 503s with their reasons, their state changes and their partitions' moves. */
  private String reasons() {
    return cluster.logLines(
        List.of("answering 503", "projection state", "partition", "ERROR"));
  }
}
