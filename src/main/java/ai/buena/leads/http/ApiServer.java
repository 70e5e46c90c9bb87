package ai.buena.leads.http;

import ai.buena.leads.auth.ApiKeyLookup;
import ai.buena.leads.consistency.ConsistencyTokens;
import ai.buena.leads.query.HostAddress;
import ai.buena.leads.query.LeadMemory;
import ai.buena.leads.query.LeadQueryService;
import ai.buena.leads.query.LocalLeadQueryService;
import ai.buena.leads.query.QueryTooExpensiveException;
import ai.buena.leads.query.UnavailableException;
import ai.buena.leads.write.AppendUncertainException;
import ai.buena.leads.write.EventLog;
import ai.buena.leads.write.IdempotencyCache;
import ai.buena.leads.write.LeadWriter;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import io.javalin.security.RouteRole;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP server: every route in one place. */
public final class ApiServer implements AutoCloseable {
  /** Every request under it carries a key; load shedding guards it. */
  static final String API_ROOT = "/api/v2";

  public static final String LEADS = "/api/v2/leads";
  public static final String LEAD = "/api/v2/leads/{" + LeadRoutes.ID + "}";
  public static final String KEY_HEALTH = "/api/v2/health";
  public static final String OPENAPI = "/openapi.json";
  /**
   * Writes with an Idempotency-Key whose answers an instance keeps for retries (24 h), in at most
   * {@link #idempotencyBytes()}.
   */
  static final int IDEMPOTENCY_CAPACITY = 100_000;
  /**
   * How long a stop waits for the requests under way: longer than a read takes (a fan-out waits at
   * most 3 s for the other instances, 8 s with a consistency token). A keyed write against a slow
   * Kafka may take longer (owner read, acknowledgement and application, up to ~16 s); one still
   * under way then is cut, and its client retries it with its Idempotency-Key.
   */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  private final Javalin app;
  private final List<Route> routes;
  private final AtomicReference<ServerConnector> connector;
  private final RateLimiter rateLimiter;
  private final String clusterSecret;
  /** Told of each ask of another instance that brought no rate counts. */
  private final Runnable onRateCountsUnanswered;
  private volatile RateCountPulls rateCountPulls;

  private ApiServer(
      Javalin app,
      List<Route> routes,
      AtomicReference<ServerConnector> connector,
      RateLimiter rateLimiter,
      String clusterSecret,
      Runnable onRateCountsUnanswered) {
    this.app = app;
    this.onRateCountsUnanswered = onRateCountsUnanswered;
    this.rateLimiter = rateLimiter;
    this.clusterSecret = clusterSecret;
    this.routes = List.copyOf(routes);
    this.connector = connector;
  }

  /** A method and path the server answers, as declared ({@code /api/v2/leads/{id}}). */
  public record Route(String method, String path) {}

  public static ApiServer start(
      int port, Readiness readiness, LeadQueryService queries, ApiKeyLookup keys) {
    return start(port, readiness, queries, keys, ServerOptions.defaults());
  }

  public static ApiServer start(
      int port,
      Readiness readiness,
      LeadQueryService queries,
      ApiKeyLookup keys,
      ServerOptions options) {
    return start(port, readiness, queries, keys, null, null, null, options);
  }

  public static ApiServer start(
      int port,
      Readiness readiness,
      LeadQueryService queries,
      ApiKeyLookup keys,
      LocalLeadQueryService local,
      String clusterSecret,
      PrometheusMeterRegistry metricsRegistry,
      ServerOptions options) {
    return start(
        port, readiness, queries, keys, local, clusterSecret, metricsRegistry, null, options);
  }

  /**
   * @param local this instance's own engine, served to the other instances on the internal routes
   *     (null: no internal routes)
   * @param clusterSecret the credential those routes require, and the root of the key that signs
   *     cursors (null: a random cursor key of this server's own)
   * @param metricsRegistry where to record HTTP metrics and what {@code /metrics} serves (null:
   *     neither)
   * @param eventLog where the write routes append their events (null: no write routes)
   * @param options rate limits, load shedding, idle timeout, clock
   */
  public static ApiServer start(
      int port,
      Readiness readiness,
      LeadQueryService queries,
      ApiKeyLookup keys,
      LocalLeadQueryService local,
      String clusterSecret,
      PrometheusMeterRegistry metricsRegistry,
      EventLog eventLog,
      ServerOptions options) {
    HttpMetrics metrics = metricsRegistry == null ? null : new HttpMetrics(metricsRegistry);
    Runnable onShed = metrics == null ? () -> {} : metrics::shed;
    Runnable onShareSpent = metrics == null ? () -> {} : metrics::shedAtWorkspaceShare;
    Runnable onWait = metrics == null ? () -> {} : metrics::waitedForPermit;
    Runnable onHeadTooSlow = metrics == null ? () -> {} : metrics::headTooSlow;
    Clock clock = options.clock();
    HealthRoutes health = new HealthRoutes(readiness);
    OpenApiRoute openApi = new OpenApiRoute();
    RateLimiter rateLimiter =
        options.rateLimits().enabled() ? new RateLimiter(options.rateLimits(), clock) : null;
    Authenticator authenticator =
        new Authenticator(keys, clusterSecret, new RateLimitGate(rateLimiter));
    KeyHealthRoute keyHealth = new KeyHealthRoute();
    CursorSignatures cursors =
        clusterSecret == null
            ? CursorSignatures.withRandomKey()
            : CursorSignatures.forCluster(clusterSecret);
    ConsistencyTokens tokens =
        local == null
            ? ConsistencyTokens.of(clusterSecret)
            : ConsistencyTokens.of(clusterSecret).forPartitions(local.partitions());
    LeadRoutes leads =
        new LeadRoutes(
            queries, cursors, tokens, metrics == null ? route -> {} : metrics::staleAnswer);
    WriteRoutes writes =
        eventLog == null
            ? null
            : new WriteRoutes(
                new LeadWriter(eventLog, queries, clock),
                new IdempotencyCache<>(
                    IDEMPOTENCY_CAPACITY, idempotencyBytes(), WriteRoutes.Answer::bytes),
                tokens,
                clock,
                options.writeBodyDeadline());
    ErrorResponses errors = new ErrorResponses(clock);
    LeadMemory memory = new LeadMemory(options.leadMemoryBytes());
    if (metrics != null) {
      metrics.leadMemory(memory);
    }
    List<Route> routes = new CopyOnWriteArrayList<>();
    AtomicReference<ServerConnector> connector = new AtomicReference<>();
    Javalin app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.http.prefer405over404 = true;
              cfg.http.maxRequestSize = JettySetup.MAX_REQUEST_BODY_BYTES;
              cfg.http.compressionStrategy = JettySetup.COMPRESSION;
              cfg.jetty.modifyServer(
                  server -> {
                    server.setErrorHandler(new JettyErrors(clock));
                    server.insertHandler(
                        new LoadShedding(
                            options.maxInFlight(),
                            authenticator::liveKeyWorkspace,
                            authenticator::rateLimitHeaders,
                            clock,
                            onShed,
                            onShareSpent,
                            onWait,
                            options.answerDeadline(),
                            options.admissionWait()));
                    server.insertHandler(new PlainHttpOnly());
                    // Outermost: a stop waits for the requests under way (new ones get 503).
                    server.insertHandler(new StoppingGate(clock));
                    server.setStopTimeout(STOP_TIMEOUT.toMillis());
                  });
              cfg.jetty.modifyHttpConfiguration(JettySetup::configure);
              cfg.jetty.addConnector(
                  (server, http) -> {
                    ServerConnector created =
                        JettySetup.connector(
                            server,
                            http,
                            port,
                            options.idleTimeout(),
                            options.requestHeadDeadline(),
                            onHeadTooSlow,
                            JettySetup.MAX_CONNECTIONS);
                    connector.set(created);
                    return created;
                  });
              cfg.events.handlerAdded(
                  added -> {
                    if (added.getHttpMethod().isHttpMethod()) {
                      routes.add(new Route(added.getHttpMethod().name(), added.getPath()));
                    }
                  });

              if (metrics != null) {
                cfg.requestLogger.http(metrics::record);
              }
              // any answer may be compressed (/metrics is, past 1,500 bytes): every one says so
              cfg.routes.before(JsonBody::varyByEncoding);
              cfg.routes.beforeMatched(authenticator::authenticate);
              readable(cfg.routes, "/health/live", health::live);
              readable(cfg.routes, "/health/ready", health::ready);
              readable(cfg.routes, OPENAPI, openApi::serve);
              if (metrics != null) {
                readable(cfg.routes, "/metrics", metrics::scrape);
              }
              readable(cfg.routes, KEY_HEALTH, keyHealth::show, Access.ANY_KEY);
              readable(cfg.routes, LEADS, holding(memory, leads::list), Access.LEADS_READ);
              readable(cfg.routes, LEAD, leads::get, Access.LEADS_READ);
              if (writes != null) {
                cfg.routes.post(LEADS, writes::create, Access.LEADS_WRITE);
                cfg.routes.put(LEAD, writes::update, Access.LEADS_WRITE);
                cfg.routes.delete(LEAD, writes::delete, Access.LEADS_WRITE);
              }
              if (local != null) {
                InternalRoutes internal = new InternalRoutes(local);
                cfg.routes.beforeMatched("/internal/*", new InstanceStateHeader(readiness));
                readable(
                    cfg.routes,
                    InternalRoutes.PARTIALS,
                    holding(memory, internal::partials),
                    Access.CLUSTER);
                readable(cfg.routes, InternalRoutes.LEAD, internal::lead, Access.CLUSTER);
                readable(cfg.routes, InternalRoutes.LEADS, internal::leads, Access.CLUSTER);
                readable(
                    cfg.routes, InternalRoutes.APPLIED_EVENT, internal::appliedEvent, Access.CLUSTER);
                if (rateLimiter != null) {
                  readable(
                      cfg.routes,
                      RateCountsRoute.PATH,
                      new RateCountsRoute(rateLimiter)::counts,
                      Access.CLUSTER);
                }
              }

              cfg.routes.exception(ApiError.class, errors::apiError);
              cfg.routes.exception(UnavailableException.class, errors::unavailable);
              cfg.routes.exception(AppendUncertainException.class, errors::writeUncertain);
              cfg.routes.exception(QueryTooExpensiveException.class, errors::tooExpensive);
              cfg.routes.exception(Exception.class, errors::unexpected);
              cfg.routes.error(
                  HttpStatus.NOT_FOUND,
                  ctx -> {
                    if (ctx.endpoints().matchedHttpEndpoint() == null) {
                      Optional<ApiError> refused = authenticator.keyRefusal(ctx);
                      if (refused.isPresent()) {
                        errors.apiError(refused.get(), ctx);
                        return;
                      }
                      authenticator.addRateLimitHeaders(ctx);
                    }
                    errors.routeNotFound(ctx);
                  });
              cfg.routes.error(
                  HttpStatus.METHOD_NOT_ALLOWED,
                  ctx -> {
                    Optional<ApiError> refused = authenticator.keyRefusal(ctx);
                    if (refused.isPresent()) {
                      errors.apiError(refused.get(), ctx);
                      return;
                    }
                    authenticator.addRateLimitHeaders(ctx);
                    errors.methodNotAllowed(ctx);
                  });
            });
    app.start();
    return new ApiServer(
        app, routes, connector, rateLimiter, clusterSecret, metrics == null ? () -> {} : metrics::rateCountsUnanswered);
  }

  /** Whether {@code path} is {@link #API_ROOT} or under it. */
  static boolean underApiRoot(String path) {
    return path != null && (path.equals(API_ROOT) || path.startsWith(API_ROOT + "/"));
  }

  /**
   * An eighth of the heap: 100,000 answers of leads of a few hundred bytes fit in 128 MiB of a 1
   * GiB heap; of the largest writes (16 KiB bodies), ~7,500 do.
   */
  static long idempotencyBytes() {
    return Runtime.getRuntime().maxMemory() / 8;
  }

  /**
   * Declares {@code path} for GET and HEAD alike: without a HEAD route Javalin answers HEAD with a
   * bare 200, whatever GET would have said (a health probe using HEAD saw an instance ready while it
   * was not), and without the route's checks.
   */
  private static void readable(
      RoutesConfig routes, String path, Handler handler, RouteRole... roles) {
    routes.get(path, handler, roles);
    routes.head(path, handler, roles);
  }

  /** {@code handler} with its request's {@link LeadMemory.Hold} open until it has answered. */
  private static Handler holding(LeadMemory memory, Handler handler) {
    return ctx -> {
      LeadMemory.Hold held = memory.open();
      try {
        handler.handle(ctx);
      } finally {
        held.close();
      }
    };
  }

  public int port() {
    return app.port();
  }

  /** Connections open now, idle ones included. */
  int openConnections() {
    ServerConnector listening = connector.get();
    return listening == null ? 0 : listening.getConnectedEndPoints().size();
  }

  /** The HTTP routes declared above, in order. */
  public List<Route> routes() {
    return routes;
  }

  /**
   * Stops taking connections while the ones already open are still served in full: each is closed
   * after its next answer ({@code Connection: close}), an idle one after a second. Returns true
   * once every connection has closed, false when {@code bound} passed first. A caller that polled
   * this instance over a kept-alive connection so gets its answer and then a refused connection,
   * never a 503 for a request the instance could still answer.
   */
  public boolean closeConnections(Duration bound) {
    ServerConnector listening = connector.get();
    if (listening == null) {
      return true;
    }
    try {
      listening.shutdown().get(bound.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("closing the HTTP connections failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Counts the other instances' requests against each key's limits too, as they report them
   * ({@link RateCountPulls}): {@code others} are the other instances of the cluster (it may throw
   * while they are unknown). Nothing to do when rate limits are off or there is no cluster secret.
   */
  public void shareRateCountsWith(Supplier<Set<HostAddress>> others) {
    if (rateLimiter != null && clusterSecret != null && rateCountPulls == null) {
      rateCountPulls = RateCountPulls.start(rateLimiter, others, clusterSecret, onRateCountsUnanswered);
    }
  }

  /** What asks the other instances for their rate counts, null before {@link #shareRateCountsWith}. */
  RateCountPulls rateCountPulls() {
    return rateCountPulls;
  }

  /** The rate limiter, null when the limits are off. */
  RateLimiter rateLimiter() {
    return rateLimiter;
  }

  /** Stops taking requests, lets the ones under way finish (up to the stop timeout), then stops. */
  @Override
  public void close() {
    RateCountPulls pulls = rateCountPulls;
    if (pulls != null) {
      pulls.close();
    }
    try {
      app.stop();
    } catch (RuntimeException e) {
      if (!timedOut(e)) {
        throw e;
      }
      // Jetty stopped anyway; what it says is that some requests were cut
      LOG.warn(
          "requests still under way {} ms into the HTTP server's stop were cut",
          STOP_TIMEOUT.toMillis());
    }
  }

  private static boolean timedOut(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }
}
