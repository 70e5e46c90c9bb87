package ai.buena.leads.http;

import ai.buena.leads.logging.ThrottledLog;
import ai.buena.leads.query.HostAddress;
import ai.buena.leads.threads.DaemonThreads;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every other instance, in rounds every {@link #EVERY} and at once when the limiter needs a
 * fresh round, for its own request counts of the keys that changed since its last answer ({@link
 * RateCountsRoute}), and gives them to the {@link RateLimiter}, so that a key's limit holds across
 * the cluster. A round tells the others which keys this instance asked it for ({@code outdated}):
 * they stop at their counts of them until a fresh round of their own. An instance that does not
 * answer within {@link #ASK_TIMEOUT} counts with its last report for that round.
 */
final class RateCountPulls implements AutoCloseable {
  static final Duration EVERY = Duration.ofMillis(250);
  /** How long one instance's answer is waited for in a round. */
  static final Duration ASK_TIMEOUT = Duration.ofMillis(150);
  /** How long a request whose key reached its allowance waits for a fresh round. */
  static final Duration FRESH_ROUND_WAIT = Duration.ofMillis(300);
  /** An instance absent from the cluster this long: its reports are dropped. */
  static final Duration FORGET_AFTER = Duration.ofMinutes(1);
  private static final int MOST_OUTDATED_PER_ROUND = 100;
  private static final Logger LOG = LoggerFactory.getLogger(RateCountPulls.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RateLimiter limiter;
  private final Supplier<Set<HostAddress>> peers;
  private final String clusterSecret;
  private final LongSupplier nanoTime;
  private final PeerCalls calls = new PeerCalls();
  private final Map<HostAddress, Seen> seen = new ConcurrentHashMap<>();
  private final Map<HostAddress, Long> absentSince = new HashMap<>();
  /** Keys this instance asked fresh rounds for, not yet sent in a round. */
  private final Set<String> outdated = new LinkedHashSet<>();
  private final ScheduledExecutorService timer =
      DaemonThreads.scheduler("rate-count-pulls");
  private CompletableFuture<Long> round;
  private long rounds;
  private final ThrottledLog failures = new ThrottledLog(Duration.ofMinutes(1));
  /** Told of every ask of an instance that brought no counts (no answer in time, refused, not 200). */
  private final Runnable onUnanswered;
  private volatile boolean closed;

  /** The last answer of an instance: which run of it gave it, and its last count change then. */
  private record Seen(String incarnation, long version) {}

  private RateCountPulls(
      RateLimiter limiter,
      Supplier<Set<HostAddress>> peers,
      String clusterSecret,
      Runnable onUnanswered,
      LongSupplier nanoTime) {
    this.limiter = limiter;
    this.onUnanswered = onUnanswered;
    this.peers = peers;
    this.clusterSecret = clusterSecret;
    this.nanoTime = nanoTime;
  }

  /**
   * Starts asking {@code peers} (the other instances; it may throw while they are unknown); {@code
   * onUnanswered} is told of each ask that brought no counts.
   */
  static RateCountPulls start(
      RateLimiter limiter, Supplier<Set<HostAddress>> peers, String clusterSecret, Runnable onUnanswered) {
    RateCountPulls pulls = new RateCountPulls(limiter, peers, clusterSecret, onUnanswered, System::nanoTime);
    limiter.refreshWith(pulls::freshRound);
    pulls.timer.scheduleWithFixedDelay(
        pulls::timedRound, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return pulls;
  }

  private void timedRound() {
    try {
      round();
    } catch (RuntimeException e) {
      // the next period tries again: a failure here must not end the rounds
      warn("a round of rate-limit counts failed", e);
    }
  }

  /**
   * A round started after this call, which tells the others to stop at their counts of {@code
   * keyId}: its number once taken in, -1 when not within {@link #FRESH_ROUND_WAIT}.
   */
  private long freshRound(String keyId) {
    if (closed) {
      return -1;
    }
    CompletableFuture<Long> started;
    synchronized (this) {
      outdated.add(keyId);
      // one under way was sent before the key was added: the next one carries it
      started =
          round == null || round.isDone()
              ? round()
              : round.handle((number, failure) -> null).thenCompose(done -> round());
    }
    try {
      return started.get(FRESH_ROUND_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * The round under way, or a new one: every other instance asked (and told the keys this one
   * asked fresh rounds for since the last), each answer taken in; completes with its number.
   */
  synchronized CompletableFuture<Long> round() {
    if (round != null && !round.isDone()) {
      return round;
    }
    if (closed) {
      return CompletableFuture.completedFuture(-1L);
    }
    Set<HostAddress> others = Set.copyOf(peers.get());
    forgetAbsent(others);
    List<String> keys = new ArrayList<>();
    for (Iterator<String> pending = outdated.iterator(); pending.hasNext() && keys.size() < MOST_OUTDATED_PER_ROUND; ) {
      keys.add(pending.next());
      pending.remove();
    }
    long number = ++rounds;
    CompletableFuture<?>[] asked =
        others.stream().map(peer -> ask(peer, keys)).toArray(CompletableFuture[]::new);
    round =
        CompletableFuture.allOf(asked)
            .thenApply(
                done -> {
                  limiter.roundTaken(others.size() + 1);
                  return number;
                });
    return round;
  }

  /** Drops the reports of instances gone from the cluster for {@link #FORGET_AFTER}. */
  private void forgetAbsent(Set<HostAddress> others) {
    long now = nanoTime.getAsLong();
    for (HostAddress known : Set.copyOf(seen.keySet())) {
      if (others.contains(known)) {
        absentSince.remove(known);
      } else if (now - absentSince.computeIfAbsent(known, gone -> now) >= FORGET_AFTER.toNanos()) {
        absentSince.remove(known);
        seen.remove(known);
        limiter.forgetPeer(known.toString());
      }
    }
  }

  /** Asks {@code peer}; completes normally whatever it answered (a failure is logged). */
  private CompletableFuture<Void> ask(HostAddress peer, List<String> outdatedKeys) {
    Seen last = seen.get(peer);
    StringBuilder uri =
        new StringBuilder("http://")
            .append(peer)
            .append(RateCountsRoute.PATH)
            .append('?')
            .append(RateCountsRoute.SINCE)
            .append('=')
            .append(last == null ? 0 : last.version());
    for (String key : outdatedKeys) {
      uri.append('&')
          .append(RateCountsRoute.OUTDATED)
          .append('=')
          .append(URLEncoder.encode(key, StandardCharsets.UTF_8));
    }
    return calls
        .get(URI.create(uri.toString()), Authenticator.CLUSTER_HEADER, clusterSecret, ASK_TIMEOUT)
        .handle(
            (answer, failure) -> {
              try {
                if (failure == null && answer.status() == 200) {
                  take(peer, last, answer.body());
                } else {
                  onUnanswered.run();
                  warn(
                      "no rate-limit counts from " + peer + ": "
                          + (failure == null ? "HTTP " + answer.status() : failure.getCause()),
                      null);
                }
              } catch (IOException | RuntimeException e) {
                onUnanswered.run();
                warn("could not read the rate-limit counts of " + peer, e);
              }
              return null;
            });
  }

  private void take(HostAddress peer, Seen last, byte[] body) throws IOException {
    JsonNode answer = JSON.readTree(body);
    String incarnation = answer.path("incarnation").asText();
    if (last != null && !last.incarnation().equals(incarnation)) {
      // it restarted: what it reported before is gone, and its numbers started again
      limiter.forgetPeer(peer.toString());
      seen.remove(peer);
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> keys = answer.path("keys").fields(); keys.hasNext(); ) {
      Map.Entry<String, JsonNode> key = keys.next();
      Map<RateWindow, long[]> windows = new EnumMap<>(RateWindow.class);
      for (RateWindow window : RateWindow.values()) {
        JsonNode pair = key.getValue().path(window.wire());
        if (pair.isArray() && pair.size() == 2) {
          windows.put(window, new long[] {pair.get(0).asLong(), pair.get(1).asLong()});
        }
      }
      limiter.peerCounts(peer.toString(), key.getKey(), windows);
    }
    seen.put(peer, new Seen(incarnation, answer.path("version").asLong()));
  }

  /** At most one WARN line a minute: an instance that is down would otherwise fill the log. */
  private void warn(String message, Exception e) {
    failures.occurred(
        (count, first) ->
            LOG.warn(
                "{} ({} such failure(s) since the last line; rate limits count with the last"
                    + " reports)",
                message,
                count,
                e));
  }

  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
  }
}
