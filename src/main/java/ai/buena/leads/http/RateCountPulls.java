package ai.buena.leads.http;

import ai.buena.leads.query.HostAddress;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every other instance, in rounds every {@link #EVERY} (and at once when the limiter needs a
 * fresh round), for its own request counts of the keys that changed since its last answer ({@link
 * RateCountsRoute}), and gives them to the {@link RateLimiter}, so that a key's limit holds across
 * the cluster. What escapes it: an instance's counts when it restarts (it starts again from zero),
 * and what an instance that does not answer admits beyond its last report.
 */
final class RateCountPulls implements AutoCloseable {
  static final Duration EVERY = Duration.ofMillis(250);
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  /** How long a request whose key spent its share waits for a fresh round. */
  static final Duration FRESH_ROUND_WAIT = Duration.ofMillis(200);
  private static final Logger LOG = LoggerFactory.getLogger(RateCountPulls.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RateLimiter limiter;
  private final Supplier<Set<HostAddress>> peers;
  private final String clusterSecret;
  private final PeerCalls calls = new PeerCalls();
  private final Map<HostAddress, Seen> seen = new ConcurrentHashMap<>();
  private CompletableFuture<Void> round;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          work -> {
            Thread thread = new Thread(work, "rate-count-pulls");
            thread.setDaemon(true);
            return thread;
          });

  /** The last answer of an instance: which run of it gave it, and its last count change then. */
  private record Seen(String incarnation, long version) {}

  private RateCountPulls(RateLimiter limiter, Supplier<Set<HostAddress>> peers, String clusterSecret) {
    this.limiter = limiter;
    this.peers = peers;
    this.clusterSecret = clusterSecret;
  }

  /** Starts asking {@code peers} (the other instances; it may throw while they are unknown). */
  static RateCountPulls start(
      RateLimiter limiter, Supplier<Set<HostAddress>> peers, String clusterSecret) {
    RateCountPulls pulls = new RateCountPulls(limiter, peers, clusterSecret);
    limiter.refreshWith(pulls::freshRound);
    pulls.timer.scheduleWithFixedDelay(
        () -> pulls.round(null), EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return pulls;
  }

  /**
   * A round started after this call, telling the others that this instance spent its share of
   * {@code keyId}, taken in within {@link #FRESH_ROUND_WAIT}.
   */
  private boolean freshRound(String keyId) {
    CompletableFuture<Void> started;
    synchronized (this) {
      // one under way may have asked some instance before this request's key was counted there
      started =
          round == null || round.isDone()
              ? round(keyId)
              : round.handle((done, failure) -> null).thenCompose(done -> round(keyId));
    }
    try {
      started.get(FRESH_ROUND_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * The round under way, or a new one: every other instance asked (told that this one spent its
   * share of {@code outdatedKey}, unless null), each answer taken in.
   */
  synchronized CompletableFuture<Void> round(String outdatedKey) {
    if (round != null && !round.isDone()) {
      return round;
    }
    Set<HostAddress> others;
    try {
      others = Set.copyOf(peers.get());
    } catch (RuntimeException unknownYet) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<?>[] asked =
        others.stream().map(peer -> ask(peer, outdatedKey)).toArray(CompletableFuture[]::new);
    // done only once the limiter took it in
    round = CompletableFuture.allOf(asked).whenComplete((done, failure) -> limiter.roundTaken(others.size() + 1));
    return round;
  }

  /** Asks {@code peer}; completes normally whatever it answered (a failure is logged). */
  private CompletableFuture<Void> ask(HostAddress peer, String outdatedKey) {
    Seen last = seen.get(peer);
    URI uri =
        URI.create(
            "http://" + peer + RateCountsRoute.PATH + "?" + RateCountsRoute.SINCE + "="
                + (last == null ? 0 : last.version())
                + (outdatedKey == null
                    ? ""
                    : "&" + RateCountsRoute.OUTDATED + "=" + URLEncoder.encode(outdatedKey, StandardCharsets.UTF_8)));
    return calls
        .get(uri, Authenticator.CLUSTER_HEADER, clusterSecret, TIMEOUT)
        .handle(
            (answer, failure) -> {
              try {
                if (failure == null && answer.status() == 200) {
                  take(peer, last, answer.body());
                } else {
                  LOG.debug("no rate counts from {}: {}", peer, failure == null ? answer.status() : failure);
                }
              } catch (IOException | RuntimeException e) {
                LOG.debug("could not read the rate counts of {}", peer, e);
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

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
