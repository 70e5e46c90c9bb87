package ai.buena.leads.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builds {@code lead-events} values (the events.md envelope) for tests. */
public final class EventJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private EventJson() {}

  public static String created(String eventId, String leadId, String workspace, String at, Map<String, ?> data) {
    return envelope(eventId, "LeadCreated", leadId, workspace, at, data);
  }

  public static String updated(String eventId, String leadId, String workspace, String at, Map<String, ?> patch) {
    return envelope(eventId, "LeadUpdated", leadId, workspace, at, patch);
  }

  public static String contacted(String eventId, String leadId, String workspace, String at) {
    return envelope(eventId, "LeadContacted", leadId, workspace, at, Map.of("channel", "email"));
  }

  public static String deleted(String eventId, String leadId, String workspace, String at) {
    return envelope(eventId, "LeadDeleted", leadId, workspace, at, null);
  }

  public static String envelope(
      String eventId, String type, String leadId, String workspace, String at, Map<String, ?> data) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("eventId", eventId);
    node.put("type", type);
    node.put("leadId", leadId);
    node.put("workspaceId", workspace);
    node.put("occurredAt", at);
    if (data != null) {
      node.set("data", MAPPER.valueToTree(data));
    }
    return node.toString();
  }

  public static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
