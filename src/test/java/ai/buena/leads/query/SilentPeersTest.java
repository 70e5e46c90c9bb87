package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * An instance that gave no answer stays silent (asked last) until a background probe gets any HTTP
 * answer from it, a 503 included; one whose answers say it is starting or stopping is asked last
 * until one says neither; either is forgotten after a while.
 */
class SilentPeersTest {
  private static final HostAddress PEER = new HostAddress("peer", 2);
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private final AtomicInteger probes = new AtomicInteger();
  private volatile Supplier<CompletableFuture<PartialAnswer>> peer =
      () -> CompletableFuture.failedFuture(new ConnectException("refused"));
  private final AtomicLong now = new AtomicLong();

  @Test
  void shouldKeepAnInstanceSilentWhileItsProbesGetNoAnswer() {
    SilentPeers silent = new SilentPeers(remote(), System::nanoTime);

    silent.silent(PEER);

    await().atMost(DEADLINE).until(() -> probes.get() >= 3);
    assertThat(silent.isSilent(PEER)).isTrue();
  }

  @Test
  void shouldEndTheSilenceOnceAProbeGetsAnAnswer() {
    SilentPeers silent = new SilentPeers(remote(), System::nanoTime);
    silent.silent(PEER);
    await().atMost(DEADLINE).until(() -> probes.get() >= 2);

    peer = () -> CompletableFuture.completedFuture(new PartialAnswer(0, List.of(), Staleness.NONE));

    await().atMost(DEADLINE).until(() -> !silent.isSilent(PEER));
  }

  @Test
  void shouldEndTheSilenceOnA503ForItIsAnAnswer() {
    SilentPeers silent = new SilentPeers(remote(), System::nanoTime);
    peer =
        () ->
            CompletableFuture.failedFuture(
                new UnavailableException("the projection is not running", Duration.ofSeconds(1)));

    silent.silent(PEER);

    await().atMost(DEADLINE).until(() -> !silent.isSilent(PEER));
  }

  @Test
  void shouldForgetAnInstanceThatStaysSilentPastTheLimit() {
    SilentPeers silent = new SilentPeers(remote(), now::get);
    silent.silent(PEER);
    await().atMost(DEADLINE).until(() -> probes.get() >= 1);

    now.addAndGet(SilentPeers.FORGET_AFTER.toNanos());

    await().atMost(DEADLINE).until(() -> !silent.isSilent(PEER));
    int probed = probes.get();
    await().during(Duration.ofMillis(500)).atMost(DEADLINE).until(() -> probes.get() == probed);
  }

  @Test
  void shouldCountOnlyFailuresWithoutAnHttpAnswerAsSilence() {
    assertThat(SilentPeers.gaveNoAnswer(new ConnectException("refused"))).isTrue();
    assertThat(SilentPeers.gaveNoAnswer(new CompletionException(new HttpTimeoutException("slow"))))
        .isTrue();
    assertThat(SilentPeers.gaveNoAnswer(new TimeoutException())).isTrue();
    assertThat(SilentPeers.gaveNoAnswer(new UnavailableException("503", Duration.ofSeconds(1))))
        .isFalse();
    assertThat(SilentPeers.gaveNoAnswer(new IllegalStateException("answered 500"))).isFalse();
  }

  private RemoteInstances remote() {
    return new PartialsOnly(
        asked -> {
          probes.incrementAndGet();
          return peer.get();
        });
  }

  /** A peer that answers every probe, saying it is in the state {@code state} holds then. */
  private PartialsOnly answering(AtomicReference<InstanceState> state) {
    PartialsOnly[] remote = new PartialsOnly[1];
    remote[0] =
        new PartialsOnly(
            asked -> {
              probes.incrementAndGet();
              remote[0].answer(asked.host(), state.get());
              return CompletableFuture.completedFuture(
                  new PartialAnswer(0, List.of(), Staleness.NONE));
            });
    return remote[0];
  }

  @Test
  void shouldAskAnInstanceLastWhileItsAnswersSayItIsStarting() {
    AtomicReference<InstanceState> state = new AtomicReference<>(InstanceState.STARTING);
    SilentPeers peers = new SilentPeers(answering(state), System::nanoTime);

    peers.answered(PEER, InstanceState.STARTING);

    await().atMost(DEADLINE).until(() -> probes.get() >= 3);
    assertThat(peers.asksLast(PEER)).isTrue();
    assertThat(peers.isSilent(PEER)).isFalse();
  }

  @Test
  void shouldAskAnInstanceLastOnceItSaysItIsStopping() {
    AtomicReference<InstanceState> state = new AtomicReference<>(InstanceState.STOPPING);
    SilentPeers peers = new SilentPeers(answering(state), System::nanoTime);

    peers.answered(PEER, InstanceState.STOPPING);

    await().atMost(DEADLINE).until(() -> probes.get() >= 3);
    assertThat(peers.asksLast(PEER)).isTrue();
    assertThat(peers.state(PEER)).isEqualTo(InstanceState.STOPPING);
  }

  @Test
  void shouldKeepAskingAStoppedInstanceLastWhileItRestarts() {
    AtomicReference<InstanceState> state = new AtomicReference<>(InstanceState.STOPPING);
    SilentPeers peers = new SilentPeers(answering(state), System::nanoTime);
    peers.answered(PEER, InstanceState.STOPPING);

    state.set(InstanceState.STARTING);

    await().atMost(DEADLINE).until(() -> peers.state(PEER) == InstanceState.STARTING);
    assertThat(peers.asksLast(PEER)).isTrue();
  }

  @Test
  void shouldAskAnInstanceAsTheOthersOnceAProbeSaysItHasStarted() {
    AtomicReference<InstanceState> state = new AtomicReference<>(InstanceState.STARTING);
    SilentPeers peers = new SilentPeers(answering(state), System::nanoTime);
    peers.answered(PEER, InstanceState.STARTING);
    await().atMost(DEADLINE).until(() -> probes.get() >= 2);

    state.set(InstanceState.ANSWERING);

    await().atMost(DEADLINE).until(() -> !peers.asksLast(PEER));
    int probed = probes.get();
    await().during(Duration.ofMillis(500)).atMost(DEADLINE).until(() -> probes.get() <= probed + 1);
  }

  @Test
  void shouldAskAnInstanceAsTheOthersOnceItHasBeenStartingPastTheLimit() {
    AtomicReference<InstanceState> state = new AtomicReference<>(InstanceState.STARTING);
    SilentPeers peers = new SilentPeers(answering(state), now::get);
    peers.answered(PEER, InstanceState.STARTING);
    await().atMost(DEADLINE).until(() -> probes.get() >= 1);

    // time moves on while it is polled: a probe answered just as the limit passed marks it anew
    await()
        .atMost(DEADLINE)
        .until(
            () -> {
              now.addAndGet(SilentPeers.FORGET_AFTER.toNanos());
              return !peers.asksLast(PEER);
            });
  }
}
