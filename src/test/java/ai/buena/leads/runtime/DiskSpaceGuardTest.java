package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The guard's decisions on a volume whose free space the test sets (with Kafka: DiskSpaceGuardIT). */
class DiskSpaceGuardTest {
  private static final long MIB = 1L << 20;
  private final AtomicLong free = new AtomicLong(500 * MIB);
  private final List<String> calls = new ArrayList<>();
  private final DiskSpaceGuard guard =
      new DiskSpaceGuard(Path.of("/data"), free::get, 100 * MIB, recording());

  @Test
  void shouldPauseOnceWhenFreeSpaceFallsUnderTheReserve() {
    guard.check();
    free.set(99 * MIB);
    guard.check();
    free.set(10 * MIB);
    guard.check();

    assertThat(calls).containsExactly("pause");
    assertThat(guard.paused()).isTrue();
    assertThat(guard.freeBytes()).isEqualTo(10 * MIB);
  }

  @Test
  void shouldStayPausedUntilHalfAsMuchAgainAsTheReserveIsFree() {
    free.set(50 * MIB);
    guard.check();
    free.set(149 * MIB);
    guard.check();

    assertThat(guard.paused()).isTrue();

    free.set(150 * MIB);
    guard.check();

    assertThat(calls).containsExactly("pause", "resume");
    assertThat(guard.paused()).isFalse();
  }

  @Test
  void shouldMeasureButNeverPauseWithAReserveOfZero() {
    free.set(7 * MIB);
    try (DiskSpaceGuard measuring = new DiskSpaceGuard(Path.of("/data"), free::get, 0, recording())) {
      measuring.start();

      await().atMost(Duration.ofSeconds(10)).until(() -> measuring.freeBytes() == 7 * MIB);
      free.set(0);
      await().atMost(Duration.ofSeconds(10)).until(() -> measuring.freeBytes() == 0);
      assertThat(calls).isEmpty();
    }
  }

  @Test
  void shouldNotPauseWhenTheFreeSpaceCannotBeRead() {
    DiskSpaceGuard unreadable =
        new DiskSpaceGuard(
            Path.of("/data"),
            () -> {
              throw new IOException("statvfs failed");
            },
            100 * MIB,
            recording());

    unreadable.check();

    assertThat(calls).isEmpty();
    assertThat(unreadable.freeBytes()).isEqualTo(-1);
  }

  @Test
  void shouldNameTheFreeSpaceAndTheReserveWhilePaused() {
    free.set(42 * MIB);
    guard.check();

    assertThat(guard.pausedReason())
        .isEqualTo(
            "processing paused: the data volume has 42 MiB free, under the 100 MiB kept free"
                + " (--min-free-disk)");
  }

  private DiskSpaceGuard.Processing recording() {
    return new DiskSpaceGuard.Processing() {
      @Override
      public void pause() {
        calls.add("pause");
      }

      @Override
      public void resume() {
        calls.add("resume");
      }
    };
  }
}
