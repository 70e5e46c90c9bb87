package ai.buena.leads.testing;

import static org.awaitility.Awaitility.await;

import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import ai.buena.leads.projection.Names;
import ai.buena.leads.projection.StatusCounts;
import ai.buena.leads.runtime.AppConfig;
import ai.buena.leads.runtime.LeadProjectionApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** A lead-projection instance on the shared test broker, with its stores readable by tests. */
public final class RunningApp implements AutoCloseable {
  private final LeadProjectionApp app;

  private RunningApp(LeadProjectionApp app) {
    this.app = app;
  }

  public static AppConfig config(String applicationId, Path dataDir, String guarantee) {
    return new AppConfig(
        SharedKafka.bootstrapServers(),
        0,
        dataDir,
        applicationId,
        "http://localhost:1",
        "test-cluster-secret-0123456789",
        guarantee,
        1,
        1,
        0,
        Duration.ofDays(7),
        1000);
  }

  public static RunningApp start(AppConfig config) {
    TestTopics.ensureDeclaredTopics();
    return new RunningApp(LeadProjectionApp.start(config));
  }

  public LeadProjectionApp app() {
    return app;
  }

  /**
   * The workspace's leads in the {@code leads} store, read once its stores are queryable: a
   * rebalance after the first assignment (a probing rebalance, a peer's join) closes them briefly.
   */
  public Map<String, Lead> leadsOf(String workspaceId) {
    return whenQueryable(() -> readLeadsOf(workspaceId));
  }

  /**
   * Waits until the {@code leads} store holds as many leads of {@code generated}'s workspace as its
   * events leave live.
   */
  public void awaitLiveLeadsOf(GeneratedWorkspace generated) {
    await()
        .atMost(SharedKafka.DEADLINE)
        .ignoreExceptions() // the store is not readable while the instance rebalances
        .until(() -> leadsOf(generated.workspace()).size() == generated.liveLeads());
  }

  /** The workspace's status counts in its store, read once its stores are queryable. */
  public Map<LeadStatus, Long> countsOf(String workspaceId) {
    return whenQueryable(() -> readCountsOf(workspaceId));
  }

  private static <T> T whenQueryable(Callable<T> read) {
    AtomicReference<T> result = new AtomicReference<>();
    await()
        .atMost(SharedKafka.DEADLINE)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(100))
        .ignoreException(InvalidStateStoreException.class)
        .until(
            () -> {
              result.set(read.call());
              return true;
            });
    return result.get();
  }

  private Map<String, Lead> readLeadsOf(String workspaceId) {
    Map<String, Lead> result = new HashMap<>();
    ReadOnlyKeyValueStore<String, byte[]> store =
        app.projection()
            .streams()
            .store(StoreQueryParameters.fromNameAndType(Names.LEADS_STORE, QueryableStoreTypes.keyValueStore()));
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      all.forEachRemaining(
          entry -> {
            Lead lead = LeadJson.fromBytes(entry.value);
            if (lead.workspaceId().equals(workspaceId)) {
              result.put(entry.key, lead);
            }
          });
    }
    return result;
  }

  private Map<LeadStatus, Long> readCountsOf(String workspaceId) {
    ReadOnlyKeyValueStore<String, StatusCounts> store =
        app.projection()
            .streams()
            .store(
                StoreQueryParameters.fromNameAndType(
                    Names.STATUS_COUNTS_STORE, QueryableStoreTypes.keyValueStore()));
    StatusCounts counts = store.get(workspaceId);
    Map<LeadStatus, Long> result = new EnumMap<>(LeadStatus.class);
    for (LeadStatus status : LeadStatus.values()) {
      result.put(status, counts == null ? 0L : counts.count(status));
    }
    return result;
  }

  @Override
  public void close() {
    app.close();
  }
}
