package ai.buena.leads.http;

import ai.buena.leads.consistency.ConsistencyToken;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import ai.buena.leads.lead.StoredLeads;
import ai.buena.leads.query.AppliedEvent;
import ai.buena.leads.query.LeadPage;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.LeadQueryService;
import ai.buena.leads.query.ReferenceQueryEngine;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The reference engine over leads in memory, which a test can make fail with any exception, and
 * the events applied (as the de-duplication store would hold them) that a test declares.
 */
final class TestLeadQueries implements LeadQueryService {
  private final List<Lead> leads;
  private final ReferenceQueryEngine engine;
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private final AtomicReference<QueryHold> hold = new AtomicReference<>();
  private volatile boolean storedForm;
  /** The events "the projection applied", by lead and event id: the first of an id wins. */
  private final Map<String, AppliedEvent> applied = new ConcurrentHashMap<>();

  TestLeadQueries(Collection<Lead> leads) {
    this.leads = List.copyOf(leads);
    this.engine = new ReferenceQueryEngine(leads);
  }

  void failWith(RuntimeException e) {
    failure.set(e);
  }

  /** From now on every query, once started, waits until the returned hold is released. */
  QueryHold holdQueries() {
    QueryHold newHold = new QueryHold();
    hold.set(newHold);
    return newHold;
  }

  /** Pages from now on hold their leads as stored JSON, as the stores give them. */
  TestLeadQueries inStoredForm() {
    storedForm = true;
    return this;
  }

  @Override
  public LeadPage list(String workspaceId, LeadQuery query) {
    waitIfHeld();
    throwIfFailing();
    LeadPage page = engine.query(workspaceId, query);
    if (!storedForm) {
      return page;
    }
    byte[][] json = page.leads().stream().map(lead -> LeadJson.toBytes(lead, true)).toArray(byte[][]::new);
    return new LeadPage(
        new StoredLeads(workspaceId, json), page.pagination(), page.nextCursor(), page.staleness());
  }

  @Override
  public Optional<Lead> get(String workspaceId, String leadId) {
    waitIfHeld();
    throwIfFailing();
    return leads.stream()
        .filter(lead -> lead.workspaceId().equals(workspaceId) && lead.id().equals(leadId))
        .findFirst();
  }

  /** The projection applied this event (unless it applied one with the same id before). */
  void apply(String leadId, String eventId, Optional<String> fingerprint) {
    applied.putIfAbsent(leadId + '/' + eventId, new AppliedEvent(fingerprint));
  }

  @Override
  public Optional<AppliedEvent> appliedEvent(
      String leadId, String eventId, ConsistencyToken after) {
    throwIfFailing();
    return Optional.ofNullable(applied.get(leadId + '/' + eventId));
  }

  private void waitIfHeld() {
    QueryHold current = hold.get();
    if (current != null) {
      current.enterAndWait();
    }
  }

  private void throwIfFailing() {
    RuntimeException e = failure.get();
    if (e != null) {
      throw e;
    }
  }
}
