package ai.buena.leads.index;

import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;

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
}
