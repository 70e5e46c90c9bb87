package ai.buena.leads.runtime;

import ai.buena.leads.auth.ApiKeyLookup;
import ai.buena.leads.auth.GlobalStoreKeyLookup;
import ai.buena.leads.http.ApiServer;
import ai.buena.leads.projection.Names;
import ai.buena.leads.query.LeadQueryService;
import ai.buena.leads.query.LocalLeadQueryService;
import ai.buena.leads.runtime.topics.TopicDeclarations;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running service: the projection and the HTTP API over it. Wiring lives here. */
public final class LeadProjectionApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeadProjectionApp.class);

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
      int partitions = TopicDeclarations.loadFromClasspath().get(Names.LEAD_EVENTS).partitions();
      LeadQueryService queries =
          new LocalLeadQueryService(
              projection.indexes(),
              partitions,
              projection::isRunning,
              leadId -> LeadPartitioner.partitionOf(leadId, partitions));
      ApiKeyLookup keys = new GlobalStoreKeyLookup(projection.streams());
      ApiServer http = ApiServer.start(config.httpPort(), projection::readiness, queries, keys);
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
}
