package ai.buena.leads.index;

/** The partition's task closed (it moved or the instance is stopping): its index cannot be read. */
public final class PartitionClosedException extends RuntimeException {
  public PartitionClosedException(int partition) {
    super("partition " + partition + " closed while it was read", null, false, false);
  }
}
