package ai.buena.leads.runtime.topics;

import java.util.List;

/** What {@link TopicProvisioner#apply()} did: topics it created, topics it checked, warnings. */
public record ProvisioningReport(
    List<String> created, List<String> checked, List<String> warnings) {
  public ProvisioningReport {
    created = List.copyOf(created);
    checked = List.copyOf(checked);
    warnings = List.copyOf(warnings);
  }
}
