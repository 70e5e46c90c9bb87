package ai.buena.leads.http;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the {@code /api/v2} requests in flight. A request with a live key refused a permit waits
 * for one, holding no thread, for at most {@code admissionWait} and while the line of waiters
 * ({@value #WAITING_PER_PERMIT} per permit, a workspace's at most half of them) has room; else, and
 * at once for any other request, it is answered 503 {@code UNAVAILABLE} with {@code Retry-After:
 * 1}. Shed at once, 8 clients of one workspace got 13–23 % 503s and 16 got 45–60 % although the
 * cores were not saturated. A request holds its permit until its answer is written. Requests that
 * present a live API key and requests that do not (no key, a bad or revoked one) draw on two
 * separate pools of
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
  static final String GUARDED = ApiServer.API_ROOT;
  static final String MESSAGE = "The service is overloaded; retry later";
  static final long RETRY_AFTER_SECONDS = 1;
  static final int WRITE_PERMITS_PER_READ_PERMIT = 4;
  /**
   * How long a connection given a shed answer waits before its next request is read: as long as
   * the answer's {@code Retry-After} asks its client to.
   */
  static final Duration SHED_PAUSE = Duration.ofSeconds(RETRY_AFTER_SECONDS);

  private static final Logger LOG = LoggerFactory.getLogger(LoadShedding.class);
  /** Requests waiting for a permit, per pool, as many as the pool has permits times this. */
  static final int WAITING_PER_PERMIT = 16;

  private final Semaphore otherPermits;
  private final AdmissionQueue<Waiter> reads;
  private final AdmissionQueue<Waiter> writes;
  private final Duration admissionWait;
  private final Function<Request, Optional<String>> liveKeyWorkspace;
  private final Function<Request, Map<String, String>> rateLimitHeaders;
  private final Clock clock;
  private final Runnable onShed;
  private final Runnable onShareSpent;
  private final Runnable onWait;
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
   * @param onWait told of every request made to wait for a permit (a metric)
   * @param admissionWait how long a request with a live key refused a permit may wait for one
   *     before it is shed; zero sheds it at once
   */
  LoadShedding(
      int maxInFlight,
      Function<Request, Optional<String>> liveKeyWorkspace,
      Function<Request, Map<String, String>> rateLimitHeaders,
      Clock clock,
      Runnable onShed,
      Runnable onShareSpent,
      Runnable onWait,
      Duration answerDeadline,
      Duration admissionWait) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
    }
    if (admissionWait.isNegative()) {
      throw new IllegalArgumentException("admissionWait must not be negative: " + admissionWait);
    }
    this.otherPermits = new Semaphore(maxInFlight);
    this.admissionWait = admissionWait;
    this.reads = pool(maxInFlight, admissionWait);
    this.writes = pool(maxInFlight * WRITE_PERMITS_PER_READ_PERMIT, admissionWait);
    this.liveKeyWorkspace = liveKeyWorkspace;
    this.rateLimitHeaders = rateLimitHeaders;
    this.clock = clock;
    this.onShed = onShed;
    this.onShareSpent = onShareSpent;
    this.onWait = onWait;
    this.answerDeadline = answerDeadline;
  }

  private static AdmissionQueue<Waiter> pool(int permits, Duration admissionWait) {
    int waiting = admissionWait.isZero() ? 0 : permits * WAITING_PER_PERMIT;
    return new AdmissionQueue<>(permits, waiting, waiting / 2);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!ApiServer.underApiRoot(Request.getPathInContext(request))) {
      return super.handle(request, response, callback);
    }
    Optional<String> workspace = liveKeyWorkspace.apply(request);
    if (workspace.isEmpty()) {
      if (!otherPermits.tryAcquire()) {
        shed(request, response, callback, false);
        return true;
      }
      return handleWithPermit(request, response, callback, new Permit(otherPermits::release));
    }
    String holder = workspace.get();
    AdmissionQueue<Waiter> pool = isRead(request) ? reads : writes;
    Waiter waiter = new Waiter(request, response, callback, pool);
    return switch (pool.admitOrWait(holder, waiter)) {
      case TAKEN -> handleWithPermit(request, response, callback, permit(pool, holder));
      case WAITING -> {
        onWait.run();
        waiter.waitFor(admissionWait);
        yield true;
      }
      case SHARE_SPENT -> {
        shed(request, response, callback, true);
        yield true;
      }
      case POOL_SPENT -> {
        shed(request, response, callback, false);
        yield true;
      }
    };
  }

  private boolean handleWithPermit(
      Request request, Response response, Callback callback, Permit permit) throws Exception {
    boolean handled = false;
    permit.closeIfOverdue(request, answerDeadline);
    try {
      handled =
          super.handle(
              request,
              response,
              permit.releasedOnCompletion(pausingIfRateLimited(request, response, callback)));
      return handled;
    } finally {
      if (!handled) {
        permit.release();
      }
    }
  }

  /** A permit of the pool held for the workspace; given back, it goes to the pool's waiters. */
  private Permit permit(AdmissionQueue<Waiter> pool, String holder) {
    return new Permit(
        () -> {
          for (AdmissionQueue.Admitted<Waiter> admitted : pool.release(holder)) {
            admitted.waiter().admitted(permit(pool, admitted.workspace()));
          }
        });
  }

  private static boolean isRead(Request request) {
    String method = request.getMethod();
    return HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method);
  }

  private void shed(Request request, Response response, Callback callback, boolean shareSpent) {
    if (shareSpent) {
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
  }

  /**
   * A request waiting for a permit: run on the server's threads when admitted, shed when its wait
   * ends first. It holds no thread while it waits.
   */
  private final class Waiter {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final AdmissionQueue<Waiter> pool;
    private volatile Scheduler.Task waitEnds;

    Waiter(Request request, Response response, Callback callback, AdmissionQueue<Waiter> pool) {
      this.request = request;
      this.response = response;
      this.callback = callback;
      this.pool = pool;
    }

    void waitFor(Duration wait) {
      try {
        waitEnds =
            request
                .getComponents()
                .getScheduler()
                .schedule(this::waitEnded, wait.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException stopping) {
        waitEnded();
      }
    }

    private void waitEnded() {
      WorkspaceShares.Outcome refusal = pool.leave(this);
      if (refusal != null) {
        boolean shareSpent = refusal == WorkspaceShares.Outcome.SHARE_SPENT;
        try {
          request.getContext().execute(() -> shed(request, response, callback, shareSpent));
        } catch (RejectedExecutionException stopping) {
          shed(request, response, callback, shareSpent);
        }
      }
    }

    void admitted(Permit permit) {
      Scheduler.Task task = waitEnds;
      if (task != null) {
        task.cancel();
      }
      try {
        request.getContext().execute(() -> run(permit));
      } catch (RejectedExecutionException stopping) {
        permit.release();
        callback.failed(stopping);
      }
    }

    private void run(Permit permit) {
      try {
        if (!handleWithPermit(request, response, callback, permit)) {
          Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
        }
      } catch (Throwable failure) {
        LOG.error("{} {} failed after waiting for a permit", request.getMethod(), GUARDED, failure);
        Response.writeError(request, response, callback, failure);
      }
    }
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
    response.write(true, ByteBuffer.wrap(body), pausingTheConnection(request, callback));
  }

  /**
   * Completes a shed answer, written at once, only after {@link #SHED_PAUSE}: until then its
   * connection reads no further request. A client honouring {@code Retry-After} notices nothing;
   * one that asks again at once waits on its own connection instead of taking the cores from the
   * requests being answered (1,000 such connections took 94 % of the answers and cut the 200s to a
   * fifth, docs/reliability.md). A connection the answer closes is not paused, so clients that
   * open a connection a request do not hold the connection limit.
   */
  private static Callback pausingTheConnection(Request request, Callback callback) {
    if (!persistent(request)) {
      return callback;
    }
    return Callback.from(() -> pause(request, callback), callback::failed);
  }

  /**
   * A route's 429 (the key is past its rate limit) pauses its connection as a shed answer does,
   * after its permit is given back: asking again at once, such a key took a route's work for each
   * refusal.
   */
  private static Callback pausingIfRateLimited(
      Request request, Response response, Callback callback) {
    if (!persistent(request)) {
      return callback;
    }
    return new Callback.Nested(callback) {
      @Override
      public void succeeded() {
        if (response.getStatus() == HttpStatus.TOO_MANY_REQUESTS_429) {
          pause(request, getCallback());
        } else {
          super.succeeded();
        }
      }
    };
  }

  private static void pause(Request request, Callback answered) {
    try {
      request
          .getComponents()
          .getScheduler()
          .schedule(answered::succeeded, SHED_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopping) {
      answered.succeeded();
    }
  }

  private static boolean persistent(Request request) {
    HttpFields headers = request.getHeaders();
    if (headers.contains(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString())) {
      return false;
    }
    return request.getConnectionMetaData().getHttpVersion() == HttpVersion.HTTP_1_1
        || headers.contains(HttpHeader.CONNECTION, HttpHeaderValue.KEEP_ALIVE.asString());
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
