package ai.buena.leads.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The field rules of events.md checked one field at a time, so that a caller can name every broken
 * field at once (the event parser stops at the first). The same rules as {@link EventParser}.
 */
public final class FieldRules {
  private static final DataValidator VALIDATOR = new DataValidator();

  private FieldRules() {}

  /**
   * @param data the {@code data} of a LeadCreated ({@code create}) or LeadUpdated event
   * @return field name → what is wrong with it, in the order of {@code data}; empty when valid
   */
  public static Map<String, String> problems(ObjectNode data, boolean create) {
    Map<String, String> problems = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      ObjectNode single = JsonNodeFactory.instance.objectNode();
      single.set(field.getKey(), field.getValue());
      try {
        if (create) {
          VALIDATOR.createData(single);
        } else {
          VALIDATOR.updatePatch(single);
        }
      } catch (InvalidField e) {
        problems.put(field.getKey(), withoutDataPrefix(e.getMessage()));
      }
    }
    return problems;
  }

  private static String withoutDataPrefix(String message) {
    return message.startsWith("data.") ? message.substring("data.".length()) : message;
  }
}
