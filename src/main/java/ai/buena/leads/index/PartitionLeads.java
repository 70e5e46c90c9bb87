package ai.buena.leads.index;

import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import java.util.ArrayList;
import java.util.List;

/** The leads of one partition's store, as its index reads them: by id, null when absent. */
@FunctionalInterface
public interface PartitionLeads {
  Lead lead(String leadId);

  /**
   * The lead's JSON as the store holds it ({@link LeadJson#toBytes} with its workspace), null when
   * absent. A store that keeps that JSON returns it as it is, without decoding it.
   */
  default byte[] storedJson(String leadId) {
    Lead lead = lead(leadId);
    return lead == null ? null : LeadJson.toBytes(lead, true);
  }

  /**
   * The stored JSON of each of {@code leadIds} ({@link #storedJson(String)}), in their order, null
   * where absent; a store that can reads them in one batch.
   */
  default List<byte[]> storedJson(List<String> leadIds) {
    List<byte[]> json = new ArrayList<>(leadIds.size());
    for (String leadId : leadIds) {
      json.add(storedJson(leadId));
    }
    return json;
  }
}
