package ai.buena.leads.query;

import ai.buena.leads.index.LeadSummary;
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
 * the leads (itself directly, the others over HTTP, in parallel, within a deadline) for its total
 * and first matches, then merges, sorts and pages them. Any instance that cannot answer for its
 * partitions makes the whole answer 503: never a partial page or total.
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
    if (local.holdsAll()) {
      return local.list(workspaceId, q);
    }
    Map<HostAddress, CompletableFuture<PartialAnswer>> asked = new LinkedHashMap<>();
    for (Map.Entry<HostAddress, Set<Integer>> owner : cluster.activeOwners().entrySet()) {
      HostAddress host = owner.getKey();
      asked.put(
          host,
          host.equals(cluster.self())
              ? CompletableFuture.supplyAsync(() -> local.partial(workspaceId, q, owner.getValue()))
              : remote.partial(host, workspaceId, q, owner.getValue()));
    }
    long total = 0;
    List<List<Lead>> firsts = new ArrayList<>();
    long deadlineNanos = System.nanoTime() + deadline.toNanos();
    for (Map.Entry<HostAddress, CompletableFuture<PartialAnswer>> answer : asked.entrySet()) {
      PartialAnswer partial = await(answer.getKey(), answer.getValue(), deadlineNanos);
      total += partial.total();
      firsts.add(partial.first());
    }
    long offset = (long) (q.page() - 1) * q.limit();
    List<Lead> pageAndOneMore = offset >= total ? List.of() : merge(firsts, q, offset);
    return LeadPage.of(q, pageAndOneMore, total);
  }

  @Override
  public Optional<Lead> get(String workspaceId, String leadId) {
    HostAddress owner =
        cluster
            .ownerOf(leadId)
            .orElseThrow(() -> new UnavailableException("no owner for the lead's partition", LocalLeadQueryService.RETRY_AFTER));
    return owner.equals(cluster.self())
        ? local.get(workspaceId, leadId)
        : await(owner, remote.lead(owner, workspaceId, leadId), System.nanoTime() + deadline.toNanos());
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
      throw unavailable(host + " failed: " + e.getCause().getClass().getSimpleName());
    }
  }

  private static List<Lead> merge(List<List<Lead>> firsts, LeadQuery q, long offset) {
    Comparator<LeadSummary> order = SummaryOrder.comparator(q.sortBy(), q.sortOrder());
    List<Ranked> all = new ArrayList<>();
    for (List<Lead> first : firsts) {
      for (Lead lead : first) {
        all.add(new Ranked(LeadSummary.of(lead), lead));
      }
    }
    all.sort((a, b) -> order.compare(a.summary(), b.summary()));
    List<Lead> page = new ArrayList<>(q.limit() + 1);
    for (long i = offset; i < all.size() && page.size() <= q.limit(); i++) {
      page.add(all.get((int) i).lead());
    }
    return page;
  }

  private static UnavailableException unavailable(String reason) {
    return new UnavailableException(reason, LocalLeadQueryService.RETRY_AFTER);
  }

  private record Ranked(LeadSummary summary, Lead lead) {}
}
