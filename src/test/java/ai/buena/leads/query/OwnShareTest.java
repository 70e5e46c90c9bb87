package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class OwnShareTest {
  @Test
  void shouldRunTheWorkOnlyWhenRunAndOnTheCallingThread() throws Exception {
    OwnShare share = new OwnShare();
    CompletableFuture<Thread> ranOn = share.later(Thread::currentThread);

    assertThat(ranOn).isNotDone();
    share.run();

    assertThat(ranOn.get()).isSameAs(Thread.currentThread());
  }

  @Test
  void shouldCompleteTheFutureWithTheWorksExceptionWithoutThrowingIt() {
    OwnShare share = new OwnShare();
    UnavailableException refused = new UnavailableException("no copy", Duration.ofSeconds(1));
    CompletableFuture<String> answer =
        share.later(
            () -> {
              throw refused;
            });
    CompletableFuture<String> next = share.later(() -> "next");

    share.run();

    assertThatThrownBy(answer::get).isInstanceOf(ExecutionException.class).hasCause(refused);
    assertThat(next).isCompletedWithValue("next");
  }

  @Test
  void shouldRunEachPieceOfWorkOnce() {
    OwnShare share = new OwnShare();
    int[] runs = {0};
    share.later(() -> ++runs[0]);

    share.run();
    share.run();

    assertThat(runs[0]).isEqualTo(1);
  }
}
