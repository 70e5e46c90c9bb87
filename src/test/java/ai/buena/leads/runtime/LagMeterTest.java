package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.streams.LagInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LagMeterTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final Map<String, Map<Integer, LagInfo>> SOME_LAGS = Map.of("leads", Map.of());

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final CountDownLatch brokerAnswers = new CountDownLatch(1);
  private final AtomicInteger measurements = new AtomicInteger();
  private LagMeter meter;

  @AfterEach
  void release() {
    brokerAnswers.countDown();
    if (meter != null) {
      meter.close();
    }
  }

  private LagMeter meter(Supplier<Map<String, Map<Integer, LagInfo>>> measure) {
    meter =
        new LagMeter(
            () -> {
              measurements.incrementAndGet();
              return measure.get();
            },
            nanos::get);
    return meter;
  }

  private Map<String, Map<Integer, LagInfo>> whenTheBrokerAnswers() {
    try {
      brokerAnswers.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return SOME_LAGS;
  }

  @Test
  void shouldAnswerNoMeasurementWithinItsWaitWhileTheBrokerDoesNotAnswer() {
    LagMeter lags = meter(this::whenTheBrokerAnswers);

    CompletableFuture<Optional<LagMeter.Measured>> answer =
        CompletableFuture.supplyAsync(() -> lags.lags(Duration.ZERO));

    assertThat(answer).succeedsWithin(LagMeter.WAIT.multipliedBy(8));
    assertThat(answer.join()).isEmpty();
  }

  @Test
  void shouldMeasureOnceForReadersThatAskWhileAMeasurementIsUnderWay() {
    LagMeter lags = meter(this::whenTheBrokerAnswers);
    List<CompletableFuture<Optional<LagMeter.Measured>>> readers = new ArrayList<>();

    for (int i = 0; i < 8; i++) {
      readers.add(CompletableFuture.supplyAsync(() -> lags.lags(Duration.ZERO)));
    }
    readers.forEach(reader -> assertThat(reader).succeedsWithin(DEADLINE));

    assertThat(measurements).hasValue(1);
  }

  @Test
  void shouldGiveAMeasurementThatEndsWithinTheWait() {
    LagMeter lags = meter(() -> SOME_LAGS);

    assertThat(lags.lags(Duration.ZERO)).map(LagMeter.Measured::lags).contains(SOME_LAGS);
  }

  @Test
  void shouldReuseAMeasurementYoungerThanTheAgeAsked() {
    LagMeter lags = meter(() -> SOME_LAGS);
    firstMeasurement(lags);
    nanos.addAndGet(Duration.ofMillis(400).toNanos());

    lags.lags(Duration.ofMillis(500));

    assertThat(measurements).hasValue(1);
  }

  @Test
  void shouldGiveTheLastMeasurementWhileANewOneIsLateUpToItsUsableAge() {
    AtomicInteger call = new AtomicInteger();
    LagMeter lags = meter(() -> call.incrementAndGet() == 1 ? SOME_LAGS : whenTheBrokerAnswers());
    LagMeter.Measured first = firstMeasurement(lags);

    nanos.addAndGet(LagMeter.USABLE_FOR.minusSeconds(1).toNanos());
    assertThat(lags.lags(Duration.ZERO)).contains(first);

    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(lags.lags(Duration.ZERO)).isEmpty();
  }

  @Test
  void shouldKeepTheLastMeasurementUpToItsUsableAgeAfterAFailedOne() {
    AtomicInteger call = new AtomicInteger();
    LagMeter lags =
        meter(
            () -> {
              if (call.incrementAndGet() == 1) {
                return SOME_LAGS;
              }
              throw new IllegalStateException("streams not running");
            });
    LagMeter.Measured first = firstMeasurement(lags);
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());

    assertThat(lags.lags(Duration.ZERO)).contains(first);
    nanos.addAndGet(LagMeter.USABLE_FOR.toNanos());
    assertThat(lags.lags(Duration.ZERO)).isEmpty();
  }

  @Test
  void shouldMeasureAgainOnceTheLateMeasurementEnds() {
    LagMeter lags = meter(this::whenTheBrokerAnswers);
    lags.lags(Duration.ZERO);
    brokerAnswers.countDown();

    await().atMost(DEADLINE).until(() -> lags.lags(Duration.ofHours(1)).isPresent());
    assertThat(measurements).hasValue(1);
  }

  @Test
  void shouldNotMeasureAgainWithinTheAgeAskedAfterAFailedMeasurement() {
    LagMeter lags =
        meter(
            () -> {
              throw new IllegalStateException("streams not running");
            });
    lags.lags(Duration.ofMillis(500));
    nanos.addAndGet(Duration.ofMillis(400).toNanos());

    assertThat(lags.lags(Duration.ofMillis(500))).isEmpty();
    assertThat(measurements).hasValue(1);
  }

  @Test
  void shouldKnowNoLagsRatherThanFailOnceClosed() {
    LagMeter lags = meter(() -> SOME_LAGS);
    lags.close();

    assertThat(lags.lags(Duration.ZERO)).isEmpty();
  }

  @Test
  void shouldNotWaitForAMeasurementPastItsStartPlusTheWait() {
    LagMeter lags = meter(this::whenTheBrokerAnswers);
    lags.lags(Duration.ZERO);
    nanos.addAndGet(LagMeter.WAIT.toNanos());

    // this reader's wait would end in the past: it does not wait at all
    CompletableFuture<Optional<LagMeter.Measured>> late =
        CompletableFuture.supplyAsync(() -> lags.lags(Duration.ZERO));

    assertThat(late).succeedsWithin(DEADLINE);
    assertThat(late.join()).isEmpty();
    assertThat(measurements).hasValue(1);
  }

  /**
   * The first measurement, for tests where it is only the setup: on a loaded machine its thread
   * may start later than the reader's 1 s wait (the wait itself is tested above).
   */
  private static LagMeter.Measured firstMeasurement(LagMeter lags) {
    return await()
        .atMost(DEADLINE)
        .until(() -> lags.lags(Duration.ofHours(1)), Optional::isPresent)
        .orElseThrow();
  }
}
