package ai.buena.leads.query;

import ai.buena.leads.threads.DaemonThreads;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The other instances that gave no answer to their last call (refused the connection, failed
 * without an HTTP answer, or ran out of time), or whose last answer said they are starting or
 * stopping ({@link PeerAnswers}, {@link InstanceState}: not yet ready once since their start, so
 * their copies may be restoring and their JVM is cold; or at the end of their drain). All are
 * asked last among a partition's candidates until they answer again as started instances. Each is
 * probed in the background every {@link #PROBE_EVERY} with a cheap call (the share of a workspace
 * no lead has, of one partition): any HTTP answer, a 503 included, ends its silence; an answer
 * that says neither ends its start or stop (a restarted instance says it is starting). An instance that
 * restarts accepts connections some time before it answers them (its JVM is starting its HTTP
 * server); probes wait through that, queries do not. After {@link #FORGET_AFTER} in one state an
 * instance is no longer probed, and is asked as any other again (a call that fails then silences
 * it anew, an answer that says it is starting marks it again).
 */
public final class SilentPeers implements PeerAnswers {
  private static final Logger LOG = LoggerFactory.getLogger(SilentPeers.class);
  static final Duration PROBE_EVERY = Duration.ofMillis(100);
  static final Duration FORGET_AFTER = Duration.ofSeconds(60);
  private static final LeadQuery PROBE = LeadQuery.builder().limit(1).build();

  private static final ScheduledExecutorService PROBES =
      DaemonThreads.scheduler("silent-peer-probes");

  private final RemoteInstances remote;
  private final LongSupplier nanoTime;
  /** Silent instances and when they were first found silent. */
  private final Map<HostAddress, Long> silentSince = new ConcurrentHashMap<>();
  /** Instances whose last answer said they are starting or stopping, that state and since when. */
  private final Map<HostAddress, Noted> noted = new ConcurrentHashMap<>();
  /** The instances a chain of probes runs for: at most one each. */
  private final Set<HostAddress> probing = ConcurrentHashMap.newKeySet();

  public SilentPeers(RemoteInstances remote) {
    this(remote, System::nanoTime);
  }

  SilentPeers(RemoteInstances remote, LongSupplier nanoTime) {
    this.remote = remote;
    this.nanoTime = nanoTime;
    remote.reportAnswersTo(this);
  }

  /** {@code host} gave no answer: from now on it is asked last until a probe gets one. */
  public void silent(HostAddress host) {
    if (silentSince.putIfAbsent(host, nanoTime.getAsLong()) == null) {
      LOG.info("{} gives no answer: asked last until it answers again", host);
      startProbing(host);
    }
  }

  @Override
  public void answered(HostAddress host, InstanceState state) {
    if (state == InstanceState.ANSWERING) {
      Noted was = noted.remove(host);
      if (was != null) {
        LOG.info(
            "{} answers as a started instance again, {} ms after it said it is {}",
            host,
            TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - was.since()),
            was.state().name().toLowerCase(java.util.Locale.ROOT));
      }
      return;
    }
    Noted now = new Noted(state, nanoTime.getAsLong());
    Noted was = noted.compute(host, (h, old) -> old != null && old.state() == state ? old : now);
    if (was == now) {
      LOG.info(
          "{} says it is {}: asked last until it answers as a started instance",
          host,
          state.name().toLowerCase(java.util.Locale.ROOT));
      startProbing(host);
    }
  }

  /** A state an instance said it is in, and since when (nanoTime). */
  private record Noted(InstanceState state, long since) {}

  public boolean isSilent(HostAddress host) {
    return silentSince.containsKey(host);
  }

  /** What {@code host}'s last answer said of it. */
  public InstanceState state(HostAddress host) {
    Noted state = noted.get(host);
    return state == null ? InstanceState.ANSWERING : state.state();
  }

  /** Whether to ask {@code host} after the others: it is silent, starting or stopping. */
  public boolean asksLast(HostAddress host) {
    return isSilent(host) || noted.containsKey(host);
  }

  /** The silent instances now. */
  Set<HostAddress> silent() {
    return Set.copyOf(silentSince.keySet());
  }

  private void startProbing(HostAddress host) {
    if (probing.add(host)) {
      probe(host);
    }
  }

  private void probe(HostAddress host) {
    forgetLongStates(host);
    if (!asksLast(host)) {
      probing.remove(host);
      // a state that began between the check and the removal has no chain of probes: start one
      if (asksLast(host)) {
        startProbing(host);
      }
      return;
    }
    Long silentFrom = silentSince.get(host);
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
          boolean answered = failure == null || !gaveNoAnswer(failure);
          if (answered && silentFrom != null && silentSince.remove(host, silentFrom)) {
            LOG.info(
                "{} answers again, {} ms after it was found silent",
                host,
                TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - silentFrom));
          }
          PROBES.schedule(() -> probe(host), PROBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        });
  }

  /** Stops asking {@code host} last for a state it has been in past {@link #FORGET_AFTER}. */
  private void forgetLongStates(HostAddress host) {
    long now = nanoTime.getAsLong();
    Long silentFrom = silentSince.get(host);
    if (silentFrom != null
        && now - silentFrom >= FORGET_AFTER.toNanos()
        && silentSince.remove(host, silentFrom)) {
      LOG.info("{} gave no answer for {} s: no longer probed", host, FORGET_AFTER.toSeconds());
    }
    Noted state = noted.get(host);
    if (state != null && now - state.since() >= FORGET_AFTER.toNanos() && noted.remove(host, state)) {
      LOG.info(
          "{} said it is {} for {} s: asked as the others again",
          host,
          state.state().name().toLowerCase(java.util.Locale.ROOT),
          FORGET_AFTER.toSeconds());
    }
  }

  /**
   * Whether a call failed without an HTTP answer: the connection was refused or broke, or no
   * answer came in time. A 503, or any other answer, is not silence.
   */
  public static boolean gaveNoAnswer(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return cause instanceof IOException || cause instanceof TimeoutException;
  }
}
