package ai.buena.leads.runtime;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/** The partition of lead-events (and so of the leads store) that holds a lead: Kafka's default. */
final class LeadPartitioner {
  private LeadPartitioner() {}

  static int partitionOf(String leadId, int partitions) {
    return Utils.toPositive(Utils.murmur2(leadId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
