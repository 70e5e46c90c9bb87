package ai.buena.leads.testing;

import ai.buena.leads.events.EventParser;
import ai.buena.leads.events.LeadEvent;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.events.ParseResult;
import ai.buena.leads.lead.Decision;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import ai.buena.leads.lead.LeadTransitions;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * events.md folded in memory, event by event in log order (all events inside one de-duplication
 * window): what the projection's stores must hold after the same events.
 */
public final class ReferenceProjection {
  private final EventParser parser = new EventParser();
  private final Map<String, Lead> leads = new HashMap<>();
  private final Set<String> applied = new HashSet<>();
  private long deadLetters;
  private BiConsumer<String, Lead> onApplied = (leadId, lead) -> {};

  /**
   * Calls {@code listener} after every applied event that changed its lead, with the lead's id and
   * its new state (null when the event deleted it): one call per record the projection writes to
   * lead-projections. An event that leaves the lead as it was (a contact at the time already
   * recorded, say) writes none there, and gets no call here.
   */
  public ReferenceProjection onApplied(BiConsumer<String, Lead> listener) {
    this.onApplied = listener;
    return this;
  }

  public ReferenceProjection apply(List<String> ndjson) {
    ndjson.forEach(this::apply);
    return this;
  }

  public void apply(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    ParseResult parsed = parser.parseUnkeyed(bytes);
    if (parsed instanceof ParseResult.Invalid) {
      deadLetters++;
      return;
    }
    LeadEvent event = ((ParseResult.Valid) parsed).event();
    if (applied.contains(event.leadId() + "/" + event.eventId())) {
      return;
    }
    Decision decision = LeadTransitions.decide(leads.get(event.leadId()), event);
    if (decision instanceof Decision.Reject) {
      deadLetters++;
      return;
    }
    applied.add(event.leadId() + "/" + event.eventId());
    if (decision instanceof Decision.Upsert upsert) {
      Lead before = leads.put(event.leadId(), upsert.lead());
      if (before == null
          || !Arrays.equals(LeadJson.toBytes(before, true), LeadJson.toBytes(upsert.lead(), true))) {
        onApplied.accept(event.leadId(), upsert.lead());
      }
    } else {
      leads.remove(event.leadId());
      onApplied.accept(event.leadId(), null);
    }
  }

  public Map<String, Lead> leadsOf(String workspaceId) {
    Map<String, Lead> result = new HashMap<>();
    leads.forEach(
        (id, lead) -> {
          if (lead.workspaceId().equals(workspaceId)) {
            result.put(id, lead);
          }
        });
    return result;
  }

  public Map<LeadStatus, Long> countsOf(String workspaceId) {
    Map<LeadStatus, Long> counts = new EnumMap<>(LeadStatus.class);
    for (LeadStatus status : LeadStatus.values()) {
      counts.put(status, 0L);
    }
    leadsOf(workspaceId).values().forEach(lead -> counts.merge(lead.status(), 1L, Long::sum));
    return counts;
  }

  public long deadLetters() {
    return deadLetters;
  }
}
