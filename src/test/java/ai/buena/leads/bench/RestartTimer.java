package ai.buena.leads.bench;

import static org.awaitility.Awaitility.await;

import ai.buena.leads.testing.ServiceProcess;
import java.time.Duration;

/**
 * Times a restart of the service: SIGTERM, then (after an optional step while it is down, such as
 * wiping its data directory) a new start on the same flags, until {@code /health/ready} answers 200
 * and until a list query answers the complete total.
 */
final class RestartTimer {
  private static final Duration POLL = Duration.ofMillis(50);

  private final ServiceProcess service;
  private final ServiceApi api;
  private final Duration deadline;

  /** From the new start: until ready, and until the total is the expected one. */
  record Result(long stopMillis, long readyMillis, long completeMillis) {}

  RestartTimer(ServiceProcess service, ServiceApi api, Duration deadline) {
    this.service = service;
    this.api = api;
    this.deadline = deadline;
  }

  Result restart(Runnable whileStopped, long expectedTotal) {
    long stopping = System.nanoTime();
    service.terminate();
    long stopMillis = millisSince(stopping);
    whileStopped.run();
    long start = System.nanoTime();
    service.start();
    await().atMost(deadline).pollInterval(POLL).until(() -> api.readyStatus() == 200);
    long ready = millisSince(start);
    await()
        .atMost(deadline)
        .pollInterval(POLL)
        .until(() -> api.total("limit=1").orElse(-1) == expectedTotal);
    return new Result(stopMillis, ready, millisSince(start));
  }

  private static long millisSince(long nanoTime) {
    return (System.nanoTime() - nanoTime) / 1_000_000;
  }
}
