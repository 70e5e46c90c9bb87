package ai.buena.leads.query;

import ai.buena.leads.consistency.AppliedOffsets;
import ai.buena.leads.consistency.ConsistencyToken;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.StoredLeads;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Answers for the whole cluster from any instance: asks every instance that holds partitions of
 * the leads (itself directly, the others over HTTP, in parallel, one deadline for all) for its
 * total and the positions of its first matches, merges the positions to find the page, then reads
 * only the page's leads from the instances that gave them. For a first page the instances send the
 * leads at their positions with them ({@link #LEADS_WITH_POSITIONS}), read under the same locks as
 * the positions, and there is no second call.
 *
 * <p>Each partition is asked of its active owner first, for its active only. When the {@link
 * StandbyBound} is enabled,
 * a partition that has no active owner, or whose owner cannot answer (503, unreachable, out of
 * time), is asked again of an instance holding a standby copy of it (this one first), which
 * answers only when its copy is within the bound; the answer then says how stale it may be. Last,
 * every other instance is asked, in case it kept the copy of a task that left it in a rebalance or
 * closed there after a failure (a retired copy, which no metadata names; an instance without one
 * says so at once). An instance
 * that gave no answer to its last call (connection refused, no answer in time) is asked after the
 * others until a background probe gets an answer from it ({@link SilentPeers}), and so is one
 * whose answers say it is still starting (not yet ready once), until one says it has started. Every
 * partition is answered exactly once or the answer is 503: never a partial page or total, and a
 * page lead deleted between the two steps makes it 503 too.
 *
 * <p>With a consistency token, only the active owner of the token's partition may answer that
 * partition (a standby copy cannot show that it processed the event), and it waits for the event
 * before it answers its share (this instance in the request's thread, before it asks the others;
 * another instance in its internal route); the deadline grows by the wait's bound.
 */
public final class ClusterLeadQueryService implements LeadQueryService {
  private final LocalLeadQueryService local;
  private final ClusterView cluster;
  private final RemoteInstances remote;
  private final Duration deadline;
  private final StandbyBound standbyBound;
  private final SilentPeers silentPeers;
  private final PeerFailures peerFailures = new PeerFailures();
  /** How often a page is computed again when an instance that placed it could not give its leads. */
  static final int ATTEMPTS = 3;
  /**
   * Up to this many positions per share ({@code offset + limit + 1}: every first page), the
   * instances send the leads at their positions with them, and the page needs no second call.
   */
  static final int LEADS_WITH_POSITIONS = 101;
  /**
   * From this offset on, a page is counted first and found among runs of the instances' matches
   * ({@link #deepPage}, two rounds of calls) instead of their first {@code offset + limit + 1}.
   */
  static final long DEEP_OFFSET = 1_000;

  public ClusterLeadQueryService(
      LocalLeadQueryService local, ClusterView cluster, RemoteInstances remote, Duration deadline) {
    this(local, cluster, remote, deadline, StandbyBound.OFF);
  }

  public ClusterLeadQueryService(
      LocalLeadQueryService local,
      ClusterView cluster,
      RemoteInstances remote,
      Duration deadline,
      StandbyBound standbyBound) {
    this.local = local;
    this.cluster = cluster;
    this.remote = remote;
    this.deadline = deadline;
    this.standbyBound = standbyBound;
    this.silentPeers = new SilentPeers(remote);
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
    Placement placement = cluster.placement();
    Set<HostAddress> failed = new HashSet<>();
    for (int attempt = 1; ; attempt++) {
      try {
        return list(new Attempt(workspaceId, after, placement, failed, deadlineNanos), q);
      } catch (PageReadFailed e) {
        // an instance that placed leads on the page could not give them (it stopped, or its copy
        // moved): compute the page again, from the same partitions' other copies first
        failed.add(e.host());
        if (attempt >= ATTEMPTS || System.nanoTime() >= deadlineNanos) {
          throw e.cause();
        }
        placement = cluster.placement();
      } catch (PageChanged e) {
        // a lead of the page changed between its placing and its reading: compute it again
        if (attempt >= ATTEMPTS || System.nanoTime() >= deadlineNanos) {
          throw unavailable(e.getMessage());
        }
        placement = cluster.placement();
      }
    }
  }

  /**
   * One attempt at the page: each partition's total and first matches from the first of its
   * candidates that answers (instances in {@code failed} last; those that fail now are added),
   * then the page's leads from the instances that placed them. A page at or past {@link
   * #DEEP_OFFSET} is first counted alone (each partition's total and first
   * match), so a page past the end costs no owner a walk past its {@code page·limit} matches.
   */
  private LeadPage list(Attempt attempt, LeadQuery q) {
    long offset = (long) (q.page() - 1) * q.limit();
    if (offset >= DEEP_OFFSET && q.after() == null) {
      Gathered counted = gather(attempt, q.toBuilder().page(1).limit(1).build(), false, null);
      if (offset >= counted.total()) {
        return LeadPage.of(q, List.of(), counted.total()).withStaleness(counted.staleness());
      }
      return deepPage(attempt, q, offset, counted.total())
          .orElseThrow(
              () ->
                  // matches bunched, not spread by a hash: each owner's first offset+limit+1
                  // positions would cost about 8 µs each over both sides, past the budget's mark
                  new QueryTooExpensiveException(
                      "Page " + q.page() + " could not be found among the instances' runs of matches"));
    }
    Gathered gathered = gather(attempt, q, offset + q.limit() + 1 <= LEADS_WITH_POSITIONS, null);
    long total = gathered.total();
    Staleness staleness = gathered.staleness();
    List<Positioned> positions = gathered.positions();
    if (offset >= total) {
      return LeadPage.of(q, List.of(), total).withStaleness(staleness);
    }
    Comparator<SortKey> order = LeadOrder.keyComparator(q.sortOrder());
    positions.sort((a, b) -> order.compare(a.key(), b.key()));
    List<Positioned> page =
        positions.subList(
            (int) Math.min(offset, positions.size()),
            (int) Math.min(offset + q.limit() + 1, positions.size()));
    Optional<List<Lead>> sent = sentWithPositions(attempt.workspaceId(), page);
    if (sent.isPresent()) {
      return LeadPage.of(q, sent.get(), total).withStaleness(staleness);
    }
    return readPage(attempt, q, page, total, staleness);
  }

  /**
   * A page at or past {@link #DEEP_OFFSET} of {@code counted} matches: each
   * instance sends the run of its matches around its share of the offset ({@link Window}), not
   * its first {@code offset + limit + 1}, and the page is found among the runs ({@link
   * WindowedPage}). When the runs miss it, once more with runs four times as long and longer by
   * what the first runs showed could shift a share (records its copies are behind, matches
   * added or removed since the count); empty when those miss it too (then 503 {@code
   * QUERY_TOO_EXPENSIVE}: a bounded cost).
   */
  private Optional<LeadPage> deepPage(Attempt attempt, LeadQuery q, long offset, long counted) {
    Comparator<SortKey> order = LeadOrder.keyComparator(q.sortOrder());
    long total = counted;
    Window window = new Window(offset, total, Window.FIRST_SIGMAS);
    for (int round = 1; round <= 2; round++) {
      Gathered runs = gather(attempt, q, false, window);
      Staleness stale = runs.staleness();
      long slack = shift(stale, runs.total(), total);
      total = runs.total();
      if (offset >= total) {
        return Optional.of(LeadPage.of(q, List.of(), total).withStaleness(stale));
      }
      for (WindowedPage.Share share : runs.shares()) {
        if (share.run().first().isEmpty() && share.run().total() > 0) {
          // its matches changed between its count and its run: compute the page again
          throw new PageChanged("the matches of " + share.host() + " changed while the page was placed");
        }
      }
      window = new Window(offset, total, Window.SECOND_SIGMAS, slack);
      int count = (int) Math.min(q.limit() + 1, total - offset);
      Optional<List<WindowedPage.Placed>> page = WindowedPage.find(runs.shares(), order, offset, count);
      if (page.isPresent()) {
        List<Positioned> positions = new ArrayList<>(count);
        for (WindowedPage.Placed placed : page.get()) {
          positions.add(new Positioned(placed.key(), placed.host(), null));
        }
        return Optional.of(readPage(attempt, q, positions, total, runs.staleness()));
      }
    }
    return Optional.empty();
  }

  /**
   * By how many positions an owner's share of an answer may be off besides chance: each stale
   * partition may lack its records behind, and the total may have moved since it was counted.
   */
  private static long shift(Staleness stale, long total, long counted) {
    long behind = Math.min(stale.recordsBehind(), 1_000_000L) * Math.max(1, stale.standbyPartitions());
    return behind + Math.min(Math.abs(total - counted), 1_000_000L);
  }

  /** The page's leads, read from the instances that placed them, and the page they make. */
  private LeadPage readPage(
      Attempt attempt, LeadQuery q, List<Positioned> page, long total, Staleness staleness) {
    Answered<List<Lead>> leads = read(attempt.workspaceId(), q, page, attempt.deadlineNanos());
    // mostly from the same copies that placed the page; a partition that moved in between adds one
    return LeadPage.of(q, leads.value(), total).withStaleness(staleness.alsoRead(leads.staleness()));
  }

  /** The page's leads when every instance that placed them sent them with its positions. */
  private static Optional<List<Lead>> sentWithPositions(String workspaceId, List<Positioned> page) {
    byte[][] json = new byte[page.size()][];
    for (int i = 0; i < json.length; i++) {
      json[i] = page.get(i).lead();
      if (json[i] == null) {
        return Optional.empty();
      }
    }
    return Optional.of(new StoredLeads(workspaceId, json));
  }

  /**
   * Every partition's total and first matches (or runs, asked for a window), how stale the copies
   * that gave them may be, and each instance's share as it sent it.
   */
  private record Gathered(long total, Staleness staleness, List<WindowedPage.Share> shares) {
    /** Every share's positions, each with the instance that sent it and its lead when sent. */
    List<Positioned> positions() {
      List<Positioned> positions = new ArrayList<>();
      for (WindowedPage.Share share : shares) {
        PartialAnswer partial = share.run();
        List<SortKey> first = partial.first();
        for (int i = 0; i < first.size(); i++) {
          positions.add(
              new Positioned(first.get(i), share.host(), partial.hasLeads() ? partial.leads().get(i) : null));
        }
      }
      return positions;
    }
  }

  /**
   * What one attempt at a page is asked with: the placement it saw, the instances that failed so
   * far (added to as others fail) and the request's deadline.
   */
  private record Attempt(
      String workspaceId,
      ConsistencyToken after,
      Placement placement,
      Set<HostAddress> failed,
      long deadlineNanos) {}

  /**
   * Each partition's total and first matches of {@code q} from the first of its candidates that
   * answers (instances in {@code failed} last; those that fail now are added); {@code withLeads}:
   * with the leads at those positions, from the instances that can send them; with a {@code
   * window} (null: none), the runs of matches it asks for instead of the first ones.
   */
  private Gathered gather(Attempt attempt, LeadQuery q, boolean withLeads, Window window) {
    String workspaceId = attempt.workspaceId();
    ConsistencyToken after = attempt.after();
    Set<HostAddress> failed = attempt.failed();
    Map<Integer, Deque<Candidate>> candidates = candidates(attempt.placement(), after, failed);
    Set<Integer> unanswered = new TreeSet<>(candidates.keySet());
    long total = 0;
    Staleness staleness = Staleness.NONE;
    List<WindowedPage.Share> shares = new ArrayList<>();
    UnavailableException lastFailure = null;
    while (!unanswered.isEmpty()) {
      if (lastFailure != null && System.nanoTime() >= attempt.deadlineNanos()) {
        // no time left: asking the next copies would only mark them silent for not answering
        throw lastFailure;
      }
      Map<Candidate, Set<Integer>> round = new LinkedHashMap<>();
      for (int partition : unanswered) {
        Candidate next = candidates.get(partition).poll();
        if (next == null) {
          throw lastFailure != null
              ? lastFailure
              : unavailable("partition " + partition + " has no instance that can answer for it");
        }
        round.computeIfAbsent(next, h -> new TreeSet<>()).add(partition);
      }
      Map<Candidate, CompletableFuture<PartialAnswer>> asked = new LinkedHashMap<>();
      OwnShare own = new OwnShare();
      round.forEach(
          (candidate, partitions) ->
              asked.put(
                  candidate,
                  candidate.host().equals(cluster.self())
                      // this instance waits for the token's event like any other (also on a
                      // retry, after the token's partition moved here)
                      ? own.later(
                          () ->
                              local.partial(
                                  workspaceId,
                                  q,
                                  partitions,
                                  candidate.bound(),
                                  after != null && partitions.contains(after.partition())
                                      ? after
                                      : null,
                                  withLeads,
                                  window))
                      : remote.partial(
                          candidate.host(),
                          workspaceId,
                          q,
                          partitions,
                          candidate.bound(),
                          after != null && partitions.contains(after.partition()) ? after : null,
                          withLeads,
                          window)));
      own.run();
      for (Map.Entry<Candidate, CompletableFuture<PartialAnswer>> answer : asked.entrySet()) {
        PartialAnswer partial;
        try {
          partial = await(answer.getKey().host(), answer.getValue(), attempt.deadlineNanos());
        } catch (UnavailableException e) {
          if (!standbyBound.enabled() || !e.otherCopiesMayAnswer()) {
            throw e;
          }
          failed.add(answer.getKey().host());
          lastFailure = e;
          Set<Integer> partitions = round.get(answer.getKey());
          if (partitions.size() > 1 && refusedByHost(answer.getValue())) {
            // it answered, but not for all of them (one moved away, or its copy is too far
            // behind): ask it for each alone before the next candidates
            for (int partition : partitions) {
              candidates.get(partition).addFirst(answer.getKey().alone(partition));
            }
          }
          continue;
        }
        unanswered.removeAll(round.get(answer.getKey()));
        shares.add(new WindowedPage.Share(answer.getKey().host(), partial));
        total += partial.total();
        staleness = staleness.and(partial.staleness());
      }
    }
    return new Gathered(total, staleness, shares);
  }

  /**
   * For every partition, whom to ask in turn: its active owner for its active only (a new owner
   * still restoring must not answer from its cold copy while the old owner's warm one exists),
   * then (standby answers allowed) this instance if it holds a standby copy, then the other
   * standby hosts, each allowed to answer from its copy within the bound, and last the owner
   * again, allowed to answer from the copy it is still restoring, then every other instance (this
   * one first) for a retired copy. The partition of a consistency token is asked of its active
   * owner only.
   */
  private Map<Integer, Deque<Candidate>> candidates(
      Placement placement, ConsistencyToken after, Set<HostAddress> failed) {
    Map<Integer, Deque<Candidate>> candidates = new HashMap<>();
    List<HostAddress> everyInstance =
        standbyBound.enabled() ? selfFirst(cluster.instances()) : List.of();
    for (int partition = 0; partition < placement.partitions(); partition++) {
      List<Candidate> inTurn = new ArrayList<>();
      Optional<HostAddress> active = placement.active(partition);
      active.ifPresent(host -> inTurn.add(new Candidate(host, StandbyBound.OFF)));
      if (standbyBound.enabled() && (after == null || after.partition() != partition)) {
        for (HostAddress standby : standbysSelfFirst(placement.standbys(partition))) {
          if (!active.equals(Optional.of(standby))) {
            inTurn.add(new Candidate(standby, standbyBound));
          }
        }
        active.ifPresent(host -> inTurn.add(new Candidate(host, standbyBound)));
        addLastResort(inTurn, everyInstance);
      }
      // stable: the order above holds among the instances that did not fail this request and
      // answered their last call
      sortAskingLastLast(inTurn, failed);
      candidates.put(partition, new ArrayDeque<>(inTurn));
    }
    return candidates;
  }

  /**
   * Stable: the hosts to ask last ({@link #askLast}) after the others. Each host's answer is taken
   * once, before the sort: the background probe changes it at any time.
   */
  private void sortAskingLastLast(List<Candidate> candidates, Set<HostAddress> failed) {
    Map<HostAddress, Boolean> last = new HashMap<>();
    for (Candidate candidate : candidates) {
      last.computeIfAbsent(candidate.host(), host -> askLast(host, failed));
    }
    candidates.sort(Comparator.comparing((Candidate c) -> last.get(c.host())));
  }

  /**
   * Whether to ask {@code host} after the others: it failed this request, or gave no answer to its
   * last call or said it is still starting ({@link SilentPeers}: stopped, or starting).
   */
  private boolean askLast(HostAddress host, Set<HostAddress> failed) {
    return failed.contains(host) || silentPeers.asksLast(host);
  }

  /**
   * An instance to ask, how far behind a copy it may answer from, and (when not -1) the one
   * partition to ask it for alone rather than with the others it is asked for in the same round.
   */
  private record Candidate(HostAddress host, StandbyBound bound, int alone) {
    Candidate(HostAddress host, StandbyBound bound) {
      this(host, bound, -1);
    }

    Candidate alone(int partition) {
      return new Candidate(host, bound, partition);
    }
  }

  /** Whether the host itself answered that it cannot (rather than failing or timing out). */
  private static boolean refusedByHost(CompletableFuture<?> answer) {
    if (!answer.isDone() || answer.isCancelled()) {
      return false;
    }
    try {
      answer.join();
      return false;
    } catch (java.util.concurrent.CompletionException e) {
      return e.getCause() instanceof UnavailableException;
    } catch (java.util.concurrent.CancellationException e) {
      return false;
    }
  }

  /** Every instance of {@code instances} not yet in {@code inTurn}, allowed stale answers. */
  private void addLastResort(List<Candidate> inTurn, List<HostAddress> instances) {
    Set<HostAddress> asked = new HashSet<>();
    inTurn.forEach(candidate -> asked.add(candidate.host()));
    for (HostAddress host : instances) {
      if (asked.add(host)) {
        inTurn.add(new Candidate(host, standbyBound));
      }
    }
  }

  private List<HostAddress> standbysSelfFirst(Set<HostAddress> standbys) {
    return selfFirst(standbys);
  }

  private List<HostAddress> selfFirst(Set<HostAddress> standbys) {
    List<HostAddress> ordered = new ArrayList<>(standbys);
    ordered.sort(
        Comparator.comparing((HostAddress host) -> !host.equals(cluster.self()))
            .thenComparing(HostAddress::toString));
    return ordered;
  }

  /**
   * The page's leads from the instances that placed them, in the page's order; {@link PageChanged}
   * when one is gone, or no longer matches {@code q} or sorts where it was placed (a write in
   * between): the page and its cursor would be wrong.
   */
  private Answered<List<Lead>> read(
      String workspaceId, LeadQuery q, List<Positioned> page, long deadlineNanos) {
    Map<HostAddress, List<String>> idsByHost = new LinkedHashMap<>();
    for (Positioned position : page) {
      idsByHost.computeIfAbsent(position.host(), h -> new ArrayList<>()).add(position.key().id());
    }
    Map<HostAddress, CompletableFuture<Answered<Map<String, Lead>>>> asked = new LinkedHashMap<>();
    OwnShare own = new OwnShare();
    idsByHost.forEach(
        (host, ids) ->
            asked.put(
                host,
                host.equals(cluster.self())
                    ? own.later(() -> local.leads(workspaceId, ids, standbyBound))
                    : remote.leads(host, workspaceId, ids, standbyBound)));
    own.run();
    Map<String, Lead> found = new HashMap<>();
    Staleness staleness = Staleness.NONE;
    for (Map.Entry<HostAddress, CompletableFuture<Answered<Map<String, Lead>>>> answer :
        asked.entrySet()) {
      Answered<Map<String, Lead>> leads;
      try {
        leads = await(answer.getKey(), answer.getValue(), deadlineNanos);
      } catch (UnavailableException e) {
        if (!e.otherCopiesMayAnswer()) {
          throw e;
        }
        throw new PageReadFailed(answer.getKey(), e);
      }
      found.putAll(leads.value());
      staleness = staleness.and(leads.staleness());
    }
    Comparator<SortKey> order = LeadOrder.keyComparator(q.sortOrder());
    List<Lead> leads = new ArrayList<>(page.size());
    for (Positioned position : page) {
      Lead lead = found.get(position.key().id());
      if (lead == null
          || !LeadFilter.matches(q, lead)
          || order.compare(LeadOrder.sortKey(lead, q.sortBy()), position.key()) != 0) {
        throw new PageChanged("lead " + position.key().id() + " changed while the page was read");
      }
      leads.add(lead);
    }
    return new Answered<>(leads, staleness);
  }

  @Override
  public Optional<Lead> get(String workspaceId, String leadId) {
    return find(workspaceId, leadId, null).value();
  }

  @Override
  public Optional<Lead> get(String workspaceId, String leadId, ConsistencyToken after) {
    return find(workspaceId, leadId, after).value();
  }

  @Override
  public Answered<Optional<Lead>> find(String workspaceId, String leadId) {
    return find(workspaceId, leadId, null);
  }

  /**
   * The lead from its partition's active owner or, when that cannot answer and standby answers are
   * allowed, from a standby copy within the bound (this instance's first), and last from any
   * instance that kept a retired copy of its partition.
   */
  @Override
  public Answered<Optional<Lead>> find(String workspaceId, String leadId, ConsistencyToken after) {
    return find(workspaceId, leadId, after, true);
  }

  /** From the active owner of the lead's partition only, whatever its state. */
  @Override
  public Optional<Lead> current(String workspaceId, String leadId, ConsistencyToken after) {
    return find(workspaceId, leadId, after, false).value();
  }

  /** {@link #find(String, String, ConsistencyToken)}; {@code copiesAllowed}: not only the active. */
  private Answered<Optional<Lead>> find(
      String workspaceId, String leadId, ConsistencyToken after, boolean copiesAllowed) {
    // an event of another partition cannot have changed this lead (events are keyed by leadId)
    ConsistencyToken relevant =
        after != null && after.partition() == local.partitionOf(leadId) ? after : null;
    long deadlineNanos = System.nanoTime() + deadline(relevant).toNanos();
    Optional<HostAddress> owner = cluster.ownerOf(leadId);
    List<Candidate> candidates = new ArrayList<>();
    owner.ifPresent(host -> candidates.add(new Candidate(host, StandbyBound.OFF)));
    if (standbyBound.enabled() && relevant == null && copiesAllowed) {
      for (HostAddress standby : standbysSelfFirst(cluster.standbysOf(leadId))) {
        if (!owner.equals(Optional.of(standby))) {
          candidates.add(new Candidate(standby, standbyBound));
        }
      }
      owner.ifPresent(host -> candidates.add(new Candidate(host, standbyBound)));
      addLastResort(candidates, selfFirst(cluster.instances()));
      sortAskingLastLast(candidates, Set.of());
    }
    UnavailableException lastFailure = unavailable("no owner for the lead's partition");
    boolean first = true;
    for (Candidate candidate : candidates) {
      if (!first && System.nanoTime() >= deadlineNanos) {
        // no time left: asking the next copies would only mark them silent for not answering
        throw lastFailure;
      }
      first = false;
      HostAddress host = candidate.host();
      try {
        return host.equals(cluster.self())
            ? local.find(workspaceId, leadId, candidate.bound(), relevant)
            : await(
                host,
                remote.lead(host, workspaceId, leadId, candidate.bound(), relevant),
                deadlineNanos);
      } catch (UnavailableException e) {
        if (!standbyBound.enabled() || !e.otherCopiesMayAnswer()) {
          throw e;
        }
        lastFailure = e;
      }
    }
    throw lastFailure;
  }

  /**
   * From the active owner of the lead's partition only: a standby copy may not yet show an event
   * its active applied.
   */
  @Override
  public Optional<AppliedEvent> appliedEvent(
      String leadId, String eventId, ConsistencyToken after) {
    ConsistencyToken relevant =
        after != null && after.partition() == local.partitionOf(leadId) ? after : null;
    long deadlineNanos = System.nanoTime() + deadline(relevant).toNanos();
    HostAddress owner =
        cluster.ownerOf(leadId).orElseThrow(() -> unavailable("no owner for the lead's partition"));
    return owner.equals(cluster.self())
        ? local.appliedEvent(leadId, eventId, relevant)
        : await(owner, remote.appliedEvent(owner, leadId, eventId, relevant), deadlineNanos);
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
      // whether the host is silent is the call's own outcome (it has a timeout of its own): this
      // request may have had too little time left for it
      answer.whenComplete(
          (value, failure) -> {
            if (failure != null && SilentPeers.gaveNoAnswer(failure)) {
              noAnswerFrom(host);
            }
          });
      throw unavailable(host + " did not answer within " + deadline.toMillis() + " ms");
    } catch (ExecutionException e) {
      if (SilentPeers.gaveNoAnswer(e.getCause())) {
        noAnswerFrom(host);
      }
      if (e.getCause() instanceof UnavailableException unavailable) {
        throw unavailable;
      }
      if (e.getCause() instanceof QueryTooExpensiveException tooExpensive) {
        throw tooExpensive;
      }
      if (host.equals(cluster.self()) && e.getCause() instanceof RuntimeException bug) {
        // no unavailability but a bug in this instance's own share: a 500, logged with its trace
        throw bug;
      }
      if (!SilentPeers.gaveNoAnswer(e.getCause())) {
        peerFailures.failed(host, e.getCause());
      }
      throw unavailable(host + " failed: " + e.getCause().getClass().getSimpleName());
    }
  }

  private void noAnswerFrom(HostAddress host) {
    if (!host.equals(cluster.self())) {
      silentPeers.silent(host);
    }
  }

  private static UnavailableException unavailable(String reason) {
    return new UnavailableException(reason, LocalLeadQueryService.RETRY_AFTER);
  }

  /** A match's position, the instance that placed it, and its stored JSON when sent (else null). */
  private record Positioned(SortKey key, HostAddress host, byte[] lead) {}

  /** A lead of the page changed between its placing and its reading. */
  private static final class PageChanged extends RuntimeException {
    PageChanged(String message) {
      super(message, null, false, false);
    }
  }

  /** {@code host} placed leads on the page but could not give them. */
  private static final class PageReadFailed extends RuntimeException {
    private final HostAddress host;
    private final UnavailableException cause;

    PageReadFailed(HostAddress host, UnavailableException cause) {
      super(cause.getMessage(), null, false, false);
      this.host = host;
      this.cause = cause;
    }

    HostAddress host() {
      return host;
    }

    UnavailableException cause() {
      return cause;
    }
  }
}
