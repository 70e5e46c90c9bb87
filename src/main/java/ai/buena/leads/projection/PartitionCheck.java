package ai.buena.leads.projection;

import ai.buena.leads.events.EventError;
import java.util.Optional;

/**
 * Whether an event arrived on the partition of {@code lead-events} that Java's default partitioner
 * gives its leadId: only there do its lead's other events, stored state and {@code GET
 * /leads/{id}} meet.
 */
final class PartitionCheck {
  private final int partitions;

  PartitionCheck(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1");
    }
    this.partitions = partitions;
  }

  /** The WRONG_PARTITION error when {@code leadId} does not belong to {@code partition}. */
  Optional<EventError> problem(String leadId, int partition) {
    int expected = LeadPartitioner.partitionOf(leadId, partitions);
    if (expected == partition) {
      return Optional.empty();
    }
    return Optional.of(
        new EventError(
            EventError.WRONG_PARTITION,
            "leadId "
                + leadId
                + " belongs to partition "
                + expected
                + " of "
                + partitions
                + " (Java's default partitioner: murmur2 of the leadId key) but arrived on partition "
                + partition
                + ". Fix the producer: Kafka's Java default partitioner, or with librdkafka clients"
                + " (Python, Go, .NET, Node) partitioner=murmur2_random; or run the projection"
                + " with --input-partitioning any"));
  }
}
