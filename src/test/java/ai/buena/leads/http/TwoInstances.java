package ai.buena.leads.http;

import ai.buena.leads.lead.Lead;
import ai.buena.leads.query.ClusterView;
import ai.buena.leads.query.HostAddress;
import ai.buena.leads.query.LocalLeadQueryService;
import ai.buena.leads.query.RemoteInstances;
import ai.buena.leads.query.StandbyBound;
import ai.buena.leads.query.UnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Two instances of one cluster over real HTTP, without a broker: {@code first} holds partition 0,
 * {@code second} partitions 1 and 2; each answers public queries by asking the other over the
 * internal routes, as in production. Both accept the same keys.
 */
final class TwoInstances implements AutoCloseable {
  final TestKeys keys = new TestKeys();
  final IndexedApi first;
  final IndexedApi second;
  private final WritableEngine firstEngine;
  private final WritableEngine secondEngine;
  private final Map<HostAddress, Set<Integer>> owners = new java.util.concurrent.ConcurrentHashMap<>();

  TwoInstances(List<Lead> leads) {
    this(leads, LocalLeadQueryService.DEFAULT_WORK_BUDGET);
  }

  /** Instances that refuse a request needing more than {@code workBudget} units of one of them. */
  TwoInstances(List<Lead> leads, long workBudget) {
    this(leads, workBudget, ServerOptions.defaults());
  }

  /** Instances whose servers both run with {@code options}. */
  TwoInstances(List<Lead> leads, long workBudget, ServerOptions options) {
    this(leads, workBudget, options, UnaryOperator.identity());
  }

  /** Instances that ask each other through {@code peers} wrapped around the HTTP calls. */
  TwoInstances(
      List<Lead> leads, long workBudget, ServerOptions options, UnaryOperator<RemoteInstances> peers) {
    AtomicReference<IndexedApi> firstSelf = new AtomicReference<>();
    AtomicReference<IndexedApi> secondSelf = new AtomicReference<>();
    firstEngine = new WritableEngine(leads, Set.of(0), workBudget);
    secondEngine = new WritableEngine(leads, Set.of(1, 2), workBudget);
    first =
        new IndexedApi(
            firstEngine.engine,
            view(firstSelf::get),
            keys,
            options,
            peers.apply(IndexedApi.httpPeers()),
            StandbyBound.OFF);
    second =
        new IndexedApi(
            secondEngine.engine,
            view(secondSelf::get),
            keys,
            options,
            peers.apply(IndexedApi.httpPeers()),
            StandbyBound.OFF);
    firstSelf.set(first);
    secondSelf.set(second);
    owners.put(address(first), Set.of(0));
    owners.put(address(second), Set.of(1, 2));
  }

  /** Stores and indexes {@code lead} (new or changed) on the instance that holds its partition. */
  void put(Lead lead) {
    firstEngine.put(lead);
    secondEngine.put(lead);
  }

  private static HostAddress address(IndexedApi instance) {
    return new HostAddress("localhost", instance.port());
  }

  private ClusterView view(java.util.function.Supplier<IndexedApi> self) {
    return new ClusterView() {
      @Override
      public HostAddress self() {
        return address(self.get());
      }

      @Override
      public Map<HostAddress, Set<Integer>> activeOwners() {
        if (owners.size() < 2) {
          throw new UnavailableException("starting", Duration.ofSeconds(1));
        }
        return owners;
      }

      @Override
      public Optional<HostAddress> ownerOf(String leadId) {
        int partition = IndexedApi.partitionOf(leadId);
        return owners.entrySet().stream()
            .filter(owner -> owner.getValue().contains(partition))
            .map(Map.Entry::getKey)
            .findFirst();
      }
    };
  }

  @Override
  public void close() {
    first.close();
    second.close();
  }
}
