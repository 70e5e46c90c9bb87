package ai.buena.leads.query;

import ai.buena.leads.consistency.AppliedOffsets;
import ai.buena.leads.consistency.ConsistencyToken;
import ai.buena.leads.lead.Lead;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Answers for the whole cluster from any instance: asks every instance that holds partitions of
 * the leads (itself directly, the others over HTTP, in parallel, one deadline for all) for its
 * total and the positions of its first matches, merges the positions to find the page, then reads
 * only the page's leads from their owners. Any instance that cannot answer for its partitions, or a
 * page lead deleted between the two steps, makes the answer 503: never a partial page or total.
 *
 * <p>With a consistency token, only the owner of the token's partition waits for its event before
 * it answers its share (this instance in the request's thread, before it asks the others; another
 * instance in its internal route), and the deadline grows by the wait's bound.
 */
public final class ClusterLeadQueryService implements LeadQueryService {
  private final LocalLeadQueryService local;
  private final ClusterView cluster;
  private final RemoteInstances remote;
  private final Duration deadline;

  public ClusterLeadQueryService(
      LocalLeadQueryService local, ClusterView cluster, RemoteInstances remote, Duration deadline) {
    this.local = local;
    this.cluster = cluster;
    this.remote = remote;
    this.deadline = deadline;
  }

  @Override
  public LeadPage list(String workspaceId, LeadQuery q) {
    return list(workspaceId, q, null);
  }

  @Override
  public LeadPage list(String workspaceId, LeadQuery q, ConsistencyToken after) {
    if (local.holdsAll()) {
      return local.list(workspaceId, q, after);
    }
    long deadlineNanos = System.nanoTime() + deadline(after).toNanos();
    Map<HostAddress, Set<Integer>> owners = cluster.activeOwners();
    Set<Integer> own = owners.get(cluster.self());
    if (after != null && own != null && own.contains(after.partition())) {
      local.awaitApplied(after);
    }
    Map<HostAddress, CompletableFuture<PartialAnswer>> asked = new LinkedHashMap<>();
    for (Map.Entry<HostAddress, Set<Integer>> owner : owners.entrySet()) {
      HostAddress host = owner.getKey();
      asked.put(
          host,
          host.equals(cluster.self())
              ? CompletableFuture.supplyAsync(() -> local.partial(workspaceId, q, owner.getValue()))
              : remote.partial(host, workspaceId, q, owner.getValue(), after));
    }
    long total = 0;
    List<Positioned> positions = new ArrayList<>();
    for (Map.Entry<HostAddress, CompletableFuture<PartialAnswer>> answer : asked.entrySet()) {
      PartialAnswer partial = await(answer.getKey(), answer.getValue(), deadlineNanos);
      total += partial.total();
      for (SortKey key : partial.first()) {
        positions.add(new Positioned(key, answer.getKey()));
      }
    }
    long offset = (long) (q.page() - 1) * q.limit();
    if (offset >= total) {
      return LeadPage.of(q, List.of(), total);
    }
    Comparator<SortKey> order = LeadOrder.keyComparator(q.sortOrder());
    positions.sort((a, b) -> order.compare(a.key(), b.key()));
    List<Positioned> page =
        positions.subList(
            (int) Math.min(offset, positions.size()),
            (int) Math.min(offset + q.limit() + 1, positions.size()));
    return LeadPage.of(q, read(workspaceId, page, deadlineNanos), total);
  }

  /** The page's leads from the instances that hold them, in the page's order. */
  private List<Lead> read(String workspaceId, List<Positioned> page, long deadlineNanos) {
    Map<HostAddress, List<String>> idsByHost = new LinkedHashMap<>();
    for (Positioned position : page) {
      idsByHost.computeIfAbsent(position.host(), h -> new ArrayList<>()).add(position.key().id());
    }
    Map<HostAddress, CompletableFuture<Map<String, Lead>>> asked = new LinkedHashMap<>();
    idsByHost.forEach(
        (host, ids) ->
            asked.put(
                host,
                host.equals(cluster.self())
                    ? CompletableFuture.supplyAsync(() -> local.leads(workspaceId, ids))
                    : remote.leads(host, workspaceId, ids)));
    Map<String, Lead> found = new java.util.HashMap<>();
    for (Map.Entry<HostAddress, CompletableFuture<Map<String, Lead>>> answer : asked.entrySet()) {
      found.putAll(await(answer.getKey(), answer.getValue(), deadlineNanos));
    }
    List<Lead> leads = new ArrayList<>(page.size());
    for (Positioned position : page) {
      Lead lead = found.get(position.key().id());
      if (lead == null) {
        throw unavailable("lead " + position.key().id() + " changed while the page was read");
      }
      leads.add(lead);
    }
    return leads;
  }

  @Override
  public Optional<Lead> get(String workspaceId, String leadId) {
    return get(workspaceId, leadId, null);
  }

  /** The lead's owner waits for {@code after}'s event, if it is of the lead's partition. */
  @Override
  public Optional<Lead> get(String workspaceId, String leadId, ConsistencyToken after) {
    ConsistencyToken relevant =
        after != null && after.partition() == local.partitionOf(leadId) ? after : null;
    HostAddress owner =
        cluster
            .ownerOf(leadId)
            .orElseThrow(() -> new UnavailableException("no owner for the lead's partition", LocalLeadQueryService.RETRY_AFTER));
    return owner.equals(cluster.self())
        ? local.get(workspaceId, leadId, relevant)
        : await(
            owner,
            remote.lead(owner, workspaceId, leadId, relevant),
            System.nanoTime() + deadline(relevant).toNanos());
  }

  /** The deadline of all calls for one answer: longer by the wait's bound when a token waits. */
  private Duration deadline(ConsistencyToken after) {
    return after == null ? deadline : deadline.plus(AppliedOffsets.MAX_WAIT);
  }

  /** The answer, waiting at most until {@code deadlineNanos}: one deadline for all instances. */
  private <T> T await(HostAddress host, CompletableFuture<T> answer, long deadlineNanos) {
    try {
      return answer.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted while waiting for " + host);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw unavailable(host + " did not answer within " + deadline.toMillis() + " ms");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnavailableException unavailable) {
        throw unavailable;
      }
      if (e.getCause() instanceof QueryTooExpensiveException tooExpensive) {
        throw tooExpensive;
      }
      throw unavailable(host + " failed: " + e.getCause().getClass().getSimpleName());
    }
  }

  private static UnavailableException unavailable(String reason) {
    return new UnavailableException(reason, LocalLeadQueryService.RETRY_AFTER);
  }

  private record Positioned(SortKey key, HostAddress host) {}
}
