package ai.buena.leads.http;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the {@code /api/v2} requests in flight: one more than {@code maxInFlight} is answered at
 * once with 503 {@code UNAVAILABLE} and {@code Retry-After: 1} instead of waiting for a thread or a
 * slow query. A request holds its permit until its answer is written. Requests that present a live
 * API key and requests that do not (no key, a bad or revoked one) draw on two separate pools of
 * {@code maxInFlight} permits, so a flood of bad keys is shed among itself and never takes a
 * permit from a real client; the key check is a hash and a map lookup. Writes (any method but GET
 * and HEAD) with a live key have a pool of their own, {@value #WRITE_PERMITS_PER_READ_PERMIT} times
 * larger: a write spends its time waiting for Kafka's acknowledgement, not on a core, and a burst of
 * queries must not turn writers away (nor writers queries). In both pools of live keys the keys
 * of one workspace hold at most half the permits, and a quarter of each pool is kept for workspaces
 * holding none ({@link WorkspaceShares}): a client that reads its answers slowly holds its permits
 * until the answer deadline, and neither one workspace nor two must take every other workspace's.
 * Health, metrics and the
 * OpenAPI document are never shed, so an orchestrator can still tell a busy instance from a dead
 * one; nor are the internal routes, which the other instances call while holding their own permits.
 */
final class LoadShedding extends Handler.Wrapper {
  static final String GUARDED = "/api/v2";
  static final String MESSAGE = "The service is overloaded; retry later";
  static final long RETRY_AFTER_SECONDS = 1;
  static final int WRITE_PERMITS_PER_READ_PERMIT = 4;

  private static final Logger LOG = LoggerFactory.getLogger(LoadShedding.class);
  private static final Permit SHARE_SPENT = new Permit(() -> {});

  private final Semaphore otherPermits;
  private final WorkspaceShares readShares;
  private final WorkspaceShares writeShares;
  private final Function<Request, Optional<String>> liveKeyWorkspace;
  private final Function<Request, Map<String, String>> rateLimitHeaders;
  private final Clock clock;
  private final Runnable onShed;
  private final Runnable onShareSpent;
  /**
   * A request holding its permit this long with its answer not yet written has its connection
   * closed, which fails the write and gives the permit back: a client that reads a large answer a
   * few bytes at a time, never silent for the idle timeout, held its permit for as long as it
   * liked (a probe: 4 readers of 41 MB pages at 200 bytes per 8 s held 4 of 8 permits for 81 s and
   * more). Every route's own work is bounded far below (a query's cost, a write's 5 s acknowledgement
   * and 10 s body, a token's 5 s wait).
   */
  private final Duration answerDeadline;


  /**
   * @param liveKeyWorkspace the workspace of the live API key a request carries, empty when it
   *     carries none (must not throw)
   * @param rateLimitHeaders the {@code X-RateLimit-*} headers of the live key a request presents
   *     (list-leads.md: every answer to a limited key carries them), given on a shed answer too,
   *     which counts nothing against the key
   * @param onShed told of every request shed (a metric)
   * @param onShareSpent told of every request shed because its workspace holds its share (a
   *     metric beside {@code onShed}, which is told too): one tenant, not the instance, is busy
   */
  LoadShedding(
      int maxInFlight,
      Function<Request, Optional<String>> liveKeyWorkspace,
      Function<Request, Map<String, String>> rateLimitHeaders,
      Clock clock,
      Runnable onShed,
      Runnable onShareSpent,
      Duration answerDeadline) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
    }
    this.otherPermits = new Semaphore(maxInFlight);
    this.readShares = new WorkspaceShares(maxInFlight);
    this.writeShares = new WorkspaceShares(maxInFlight * WRITE_PERMITS_PER_READ_PERMIT);
    this.liveKeyWorkspace = liveKeyWorkspace;
    this.rateLimitHeaders = rateLimitHeaders;
    this.clock = clock;
    this.onShed = onShed;
    this.onShareSpent = onShareSpent;
    this.answerDeadline = answerDeadline;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!guarded(Request.getPathInContext(request))) {
      return super.handle(request, response, callback);
    }
    Optional<String> workspace = liveKeyWorkspace.apply(request);
    Permit permit = permit(request, workspace);
    if (permit == null || permit == SHARE_SPENT) {
      if (permit == SHARE_SPENT) {
        LOG.debug(
            "shedding {} {}: its workspace holds its share of the permits",
            request.getMethod(),
            GUARDED);
        onShareSpent.run();
      } else {
        LOG.debug("shedding {} {}: too many requests in flight", request.getMethod(), GUARDED);
      }
      onShed.run();
      reject(request, response, callback);
      return true;
    }
    boolean handled = false;
    permit.closeIfOverdue(request, answerDeadline);
    try {
      handled = super.handle(request, response, permit.releasedOnCompletion(callback));
      return handled;
    } finally {
      if (!handled) {
        permit.release();
      }
    }
  }

  /**
   * A permit of the request's pool and of its workspace's share; {@link #SHARE_SPENT} when the
   * workspace holds its share, null when the pool is spent.
   */
  private Permit permit(Request request, Optional<String> workspace) {
    if (workspace.isEmpty()) {
      return otherPermits.tryAcquire() ? new Permit(otherPermits::release) : null;
    }
    String method = request.getMethod();
    boolean read = HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method);
    WorkspaceShares shares = read ? readShares : writeShares;
    String holder = workspace.get();
    return switch (shares.tryAcquire(holder)) {
      case TAKEN -> new Permit(() -> shares.release(holder));
      case SHARE_SPENT -> SHARE_SPENT;
      case POOL_SPENT -> null;
    };
  }

  private static boolean guarded(String path) {
    return path != null && (path.equals(GUARDED) || path.startsWith(GUARDED + "/"));
  }

  private void reject(Request request, Response response, Callback callback) {
    response.setStatus(HttpStatus.SERVICE_UNAVAILABLE_503);
    rateLimitHeaders.apply(request).forEach((name, value) -> response.getHeaders().put(name, value));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, JsonBody.CONTENT_TYPE);
    response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
    byte[] body =
        JsonBody.bytes(
            ErrorBody.of(
                "UNAVAILABLE",
                MESSAGE,
                clock.instant(),
                Map.of("retryAfter", RETRY_AFTER_SECONDS)));
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /**
   * One request's permit, given back exactly once: as its answer completes (before the connection
   * may read the next request), or when no handler took the request.
   */
  private static final class Permit {
    private final AtomicBoolean held = new AtomicBoolean(true);
    private final Runnable giveBack;

    Permit(Runnable giveBack) {
      this.giveBack = giveBack;
    }

    Callback releasedOnCompletion(Callback callback) {
      return new Callback.Nested(callback) {
        @Override
        public void succeeded() {
          release();
          super.succeeded();
        }

        @Override
        public void failed(Throwable failure) {
          release();
          super.failed(failure);
        }
      };
    }

    private volatile Scheduler.Task deadline;

    /** Closes the request's connection if its answer is not written by {@code after}. */
    void closeIfOverdue(Request request, Duration after) {
      String what = request.getMethod() + " " + Request.getPathInContext(request);
      EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
      deadline =
          request
              .getComponents()
              .getScheduler()
              .schedule(
                  () -> overdue(what, endPoint, after), after.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void overdue(String what, EndPoint endPoint, Duration after) {
      if (held.get()) {
        LOG.info(
            "{} held its permit for {} s with its answer not yet written (a client reading it"
                + " slowly): closing its connection",
            what,
            after.toSeconds());
        endPoint.close();
      }
    }

    void release() {
      Scheduler.Task task = deadline;
      if (task != null) {
        task.cancel();
      }
      if (held.compareAndSet(true, false)) {
        giveBack.run();
      }
    }
  }
}
