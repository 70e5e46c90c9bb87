package ai.buena.leads.runtime;

import ai.buena.leads.auth.ApiKeyLookup;
import ai.buena.leads.http.ApiServer;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.query.LeadPage;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.LeadQueryService;
import ai.buena.leads.query.UnavailableException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running service: the projection and the HTTP API over it. Wiring lives here. */
public final class LeadProjectionApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeadProjectionApp.class);
  private static final ApiKeyLookup NO_KEYS_YET = keyHash -> Optional.empty();
  private static final LeadQueryService NO_QUERIES_YET = new NotWiredQueries();

  private final ProjectionService projection;
  private final ApiServer http;

  private LeadProjectionApp(ProjectionService projection, ApiServer http) {
    this.projection = projection;
    this.http = http;
  }

  public static LeadProjectionApp start(AppConfig config) {
    LOG.info("starting with {}", config);
    ProjectionService projection = ProjectionService.start(config);
    try {
      ApiServer http =
          ApiServer.start(config.httpPort(), projection::readiness, NO_QUERIES_YET, NO_KEYS_YET);
      return new LeadProjectionApp(projection, http);
    } catch (RuntimeException e) {
      projection.close();
      throw e;
    }
  }

  public ProjectionService projection() {
    return projection;
  }

  public int httpPort() {
    return http.port();
  }

  public boolean awaitRunning(Duration deadline) throws InterruptedException {
    return projection.awaitRunning(deadline);
  }

  @Override
  public void close() {
    http.close();
    projection.close();
    LOG.info("stopped");
  }

  /** Until the store-backed query service is wired in, every query answers 503. */
  private static final class NotWiredQueries implements LeadQueryService {
    private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    @Override
    public LeadPage list(String workspaceId, LeadQuery query) {
      throw new UnavailableException("query service not wired", RETRY_AFTER);
    }

    @Override
    public Optional<Lead> get(String workspaceId, String leadId) {
      throw new UnavailableException("query service not wired", RETRY_AFTER);
    }
  }
}
