package ai.buena.leads.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.testing.AvailabilityPoller.Kind;
import ai.buena.leads.testing.AvailabilityPoller.Observation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvailabilityPollerTest {
  private static final long MS = 1_000_000L;

  private static Observation call(long sentMs, long receivedMs, Kind kind) {
    return new Observation("a", sentMs * MS, receivedMs * MS, kind, kind == Kind.UNAVAILABLE ? 503 : 200, "");
  }

  /** Complete answers every 20 ms from {@code fromMs} to {@code toMs}, each taking 2 ms. */
  private static List<Observation> steady(long fromMs, long toMs) {
    List<Observation> calls = new ArrayList<>();
    for (long sent = fromMs; sent < toMs; sent += 20) {
      calls.add(call(sent, sent + 2, Kind.COMPLETE));
    }
    return calls;
  }

  @Test
  void shouldNotCountAPauseOfThePollerItselfAsTimeWithoutAnAnswer() {
    List<Observation> calls = new ArrayList<>(steady(0, 100));
    // the poller sends nothing from 82 to 202 ms, then its request is answered in 12 ms
    calls.add(call(202, 214, Kind.COMPLETE));
    calls.addAll(steady(234, 400));

    assertThat(AvailabilityPoller.longestDarkMillis(calls, 0, 400 * MS)).isEqualTo(132);
    assertThat(AvailabilityPoller.longestUnansweredMillis(calls, 0, 400 * MS)).isEqualTo(12);
    assertThat(AvailabilityPoller.longestPauseMillis(calls, 0, 400 * MS)).isEqualTo(120);
  }

  @Test
  void shouldCountFromTheFirstRequestThatNoCompleteAnswerFollowed() {
    List<Observation> calls = new ArrayList<>(steady(0, 100));
    for (long sent = 100; sent < 300; sent += 20) {
      calls.add(call(sent, sent + 3, Kind.UNAVAILABLE));
    }
    calls.addAll(steady(300, 400));

    // from the 503 sent at 100 ms to the complete answer received at 302 ms
    assertThat(AvailabilityPoller.longestUnansweredMillis(calls, 0, 400 * MS)).isEqualTo(202);
  }

  @Test
  void shouldCountASlowAnswerFromTheTimeItsRequestWasSent() {
    List<Observation> calls = new ArrayList<>(steady(0, 100));
    calls.add(call(100, 350, Kind.COMPLETE));
    calls.addAll(steady(370, 400));

    assertThat(AvailabilityPoller.longestUnansweredMillis(calls, 0, 400 * MS)).isEqualTo(250);
  }

  @Test
  void shouldCountARequestStillUnansweredAtTheEnd() {
    List<Observation> calls = new ArrayList<>(steady(0, 100));
    calls.add(call(100, 900, Kind.REFUSED));

    assertThat(AvailabilityPoller.longestUnansweredMillis(calls, 0, 400 * MS)).isEqualTo(300);
  }
}
