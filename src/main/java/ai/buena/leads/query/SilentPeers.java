package ai.buena.leads.query;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The other instances that gave no answer to their last call (refused the connection, failed
 * without an HTTP answer, or ran out of time), asked last among a partition's candidates until
 * they answer again. Each is probed in the background every {@link #PROBE_EVERY} with a cheap
 * call (the share of a workspace no lead has, of one partition): any HTTP answer, a 503 included,
 * ends its silence. An instance that restarts accepts connections some time before it answers
 * them (its JVM is starting its HTTP server); probes wait through that, queries do not. After
 * {@link #FORGET_AFTER} without an answer an instance is no longer probed, and is asked as any
 * other again (a call that fails then silences it anew).
 */
public final class SilentPeers {
  private static final Logger LOG = LoggerFactory.getLogger(SilentPeers.class);
  static final Duration PROBE_EVERY = Duration.ofMillis(100);
  static final Duration FORGET_AFTER = Duration.ofSeconds(60);
  private static final LeadQuery PROBE = LeadQuery.builder().limit(1).build();

  private static final ScheduledExecutorService PROBES =
      Executors.newSingleThreadScheduledExecutor(
          work -> {
            Thread thread = new Thread(work, "silent-peer-probes");
            thread.setDaemon(true);
            return thread;
          });

  private final RemoteInstances remote;
  private final LongSupplier nanoTime;
  /** Silent instances and when they were first found silent. */
  private final Map<HostAddress, Long> silentSince = new ConcurrentHashMap<>();

  public SilentPeers(RemoteInstances remote) {
    this(remote, System::nanoTime);
  }

  SilentPeers(RemoteInstances remote, LongSupplier nanoTime) {
    this.remote = remote;
    this.nanoTime = nanoTime;
  }

  /** {@code host} gave no answer: from now on it is asked last until a probe gets one. */
  public void silent(HostAddress host) {
    if (silentSince.putIfAbsent(host, nanoTime.getAsLong()) == null) {
      LOG.info("{} gives no answer: asked last until it answers again", host);
      probe(host);
    }
  }

  public boolean isSilent(HostAddress host) {
    return silentSince.containsKey(host);
  }

  /** The silent instances now. */
  Set<HostAddress> silent() {
    return Set.copyOf(silentSince.keySet());
  }

  private void probe(HostAddress host) {
    Long since = silentSince.get(host);
    if (since == null) {
      return;
    }
    if (nanoTime.getAsLong() - since >= FORGET_AFTER.toNanos()) {
      silentSince.remove(host, since);
      LOG.info("{} gave no answer for {} s: no longer probed", host, FORGET_AFTER.toSeconds());
      return;
    }
    CompletableFuture<PartialAnswer> answer;
    try {
      answer =
          remote.partial(
              host, AnsweringOwners.PROBE_WORKSPACE, PROBE, Set.of(0), StandbyBound.OFF);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    answer.whenComplete(
        (ok, failure) -> {
          if (failure != null && gaveNoAnswer(failure)) {
            PROBES.schedule(() -> probe(host), PROBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
          } else if (silentSince.remove(host, since)) {
            LOG.info(
                "{} answers again, {} ms after it was found silent",
                host,
                TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - since));
          }
        });
  }

  /**
   * Whether a call failed without an HTTP answer: the connection was refused or broke, or no
   * answer came in time. A 503, or any other answer, is not silence.
   */
  static boolean gaveNoAnswer(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return cause instanceof IOException || cause instanceof TimeoutException;
  }
}
