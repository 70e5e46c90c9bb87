package ai.buena.leads.projection;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition of lead-events (and so of the leads store) that holds a lead: what Kafka's Java
 * default partitioner gives the record key, the leadId's UTF-8 bytes (murmur2).
 */
public final class LeadPartitioner {
  private LeadPartitioner() {}

  public static int partitionOf(String leadId, int partitions) {
    return partitionOfKey(leadId.getBytes(StandardCharsets.UTF_8), partitions);
  }

  /** The partition Java's default partitioner gives a record with these key bytes. */
  public static int partitionOfKey(byte[] key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key)) % partitions;
  }
}
