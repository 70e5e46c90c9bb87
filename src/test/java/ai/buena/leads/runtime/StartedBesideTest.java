package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StartedBesideTest {

  /** Something started that remembers whether it was closed. */
  private static final class Started implements AutoCloseable {
    final AtomicBoolean closed = new AtomicBoolean();
    final String thread = Thread.currentThread().getName();

    @Override
    public void close() {
      closed.set(true);
    }
  }

  @Test
  void shouldStartOnItsOwnThreadWhileTheWorkRuns() throws Exception {
    CountDownLatch startedWhileWorking = new CountDownLatch(1);
    Started started =
        StartedBeside.start(
            "beside-test",
            () -> {
              startedWhileWorking.countDown();
              return new Started();
            },
            () -> {
              try {
                // The work waits for the other thread: both must run at the same time.
                assertThat(startedWhileWorking.await(60, TimeUnit.SECONDS)).isTrue();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });

    assertThat(started.thread).isEqualTo("beside-test");
    assertThat(started.closed).isFalse();
  }

  @Test
  void shouldCloseWhatStartedWhenTheWorkFails() {
    Started[] made = new Started[1];

    assertThatThrownBy(
            () ->
                StartedBeside.start(
                    "beside-test",
                    () -> made[0] = new Started(),
                    () -> {
                      throw new IllegalStateException("work failed");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("work failed");
    assertThat(made[0].closed).isTrue();
  }

  @Test
  void shouldThrowTheStartFailureOnceTheWorkIsDone() {
    AtomicBoolean workDone = new AtomicBoolean();

    assertThatThrownBy(
            () ->
                StartedBeside.<Started>start(
                    "beside-test",
                    () -> {
                      throw new IllegalArgumentException("port in use");
                    },
                    () -> workDone.set(true)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port in use");
    assertThat(workDone).isTrue();
  }
}
