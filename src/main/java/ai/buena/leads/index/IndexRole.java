package ai.buena.leads.index;

/**
 * What the task that holds a partition's index does with it: ACTIVE processes the partition's
 * events (the index is exact as of now); STANDBY follows the partition's changelog, or restores it
 * before becoming active (the index is exact as of the last changelog record applied, see {@link
 * PartitionIndex#lastChangeMillis()} and {@link PartitionIndex#changelogOffset()}); RETIRED is the
 * copy of a task that left this instance in a rebalance, kept readable for a bounded time ({@link
 * RetiredCopy}: it no longer changes, so it falls behind its changelog as the new owner writes).
 */
public enum IndexRole {
  ACTIVE,
  STANDBY,
  RETIRED
}
