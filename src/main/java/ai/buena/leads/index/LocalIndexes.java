package ai.buena.leads.index;

import ai.buena.leads.consistency.AppliedOffsets;
import ai.buena.leads.threads.DaemonThreads;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partition indexes this instance holds right now, by partition of {@code lead-events}, each
 * with its {@link IndexRole}.
 *
 * <p>The {@code leads} store registers its partition's index as {@link IndexRole#STANDBY} when it
 * opens (a standby task, or an active task still restoring) and unregisters it when it closes; the
 * projection's processor promotes it to {@link IndexRole#ACTIVE} when its task starts processing
 * and demotes it back when the task stops (a task recycled into a standby keeps its store, so its
 * index stays here as STANDBY).
 *
 * <ul>
 *   <li>{@link #active()} and {@link #activePartition(int)}: the indexes of active tasks, exact as
 *       of now. Complete answers read only these.
 *   <li>{@link #standby()} and {@link #standbyPartition(int)}: indexes that follow a changelog
 *       and may lag behind it; reading them gives a stale answer, to be labelled with the index's
 *       {@link PartitionIndex#lastChangeMillis()} or {@link PartitionIndex#changelogOffset()}.
 *   <li>{@link #retiredPartition(int)}: a copy whose task left this instance (see below).
 *   <li>{@link #partition(int)} and {@link #all()}: a task's index, active or standby.
 * </ul>
 *
 * <p>Retired copies ({@link #retire}, {@link #retiredPartition(int)}): when a task leaves this
 * instance (a rebalance, or a failure that closes it dirty, after which exactly-once may wipe its
 * directory), its {@code leads} store may hand over a read-only copy instead of closing, so that
 * this instance can still answer for the partition (stale-labelled) until a copy that follows the
 * changelog can. The copy reads the store's files through its own read-only handle, which keeps
 * them readable even once Kafka Streams deletes them, and takes no lock: a store of the same
 * partition may open here beside it. It is held apart from the partition's active or standby
 * index, and closed as soon as the partition's new owner answers for it ({@link
 * #dropRetiredWhen(NewOwners)}), this instance's own task of the partition is active or its
 * standby copy has caught up with it, at the latest after the bound given at construction, when
 * the heap turns tight ({@link #keepRetiredWhile}, {@link #dropRetiredCopies}), and at shutdown
 * ({@link #closeAllRetired()}). A newer copy of the partition replaces an older one
 * that holds no more of the changelog; one that holds less is not kept.
 * Without a bound (the default) nothing is retired.
 *
 * <p>Start-up copies ({@link #offerStartUpCopy}) are held and answered the same way, RETIRED: a
 * partition's snapshot over its store on disk, read-only, while the process starts and before a
 * task opens that store here; they have no time bound (their owner closes them when the store
 * that claimed their snapshot opens, at the latest at the projection's first RUNNING).
 *
 * <p>It also knows how far the projection has processed each partition ({@link AppliedOffsets}:
 * what reads with a consistency token wait for).
 */
public final class LocalIndexes {
  private static final Logger LOG = LoggerFactory.getLogger(LocalIndexes.class);
  /** How often a retired copy is checked for whether it may close. */
  static final Duration RETIRED_CHECK_EVERY = Duration.ofMillis(200);

  private static final ScheduledExecutorService RETIRED_CHECKS =
      DaemonThreads.scheduler("retired-copies");

  private final Map<Integer, Held> byPartition = new ConcurrentHashMap<>();
  /** The retired and start-up copies, by partition: at most one each, apart from the tasks' indexes. */
  private final Map<Integer, RetiredCopy> copies = new ConcurrentHashMap<>();
  /** Partitions whose store RocksDB found damaged on a read, and what it said. */
  private final Map<Integer, String> damagedStores = new ConcurrentHashMap<>();
  private final AppliedOffsets appliedOffsets;
  private final Duration retiredCopyBound;
  private volatile boolean retiring;
  private volatile BooleanSupplier roomForCopies = () -> true;
  private volatile NewOwners newOwners = NewOwners.NONE;

  public LocalIndexes() {
    this(new AppliedOffsets());
  }

  public LocalIndexes(AppliedOffsets appliedOffsets) {
    this(appliedOffsets, Duration.ZERO);
  }

  /**
   * @param retiredCopyBound how long the copy of a task that left this instance may still answer;
   *     zero: such copies are closed at once
   */
  public LocalIndexes(AppliedOffsets appliedOffsets, Duration retiredCopyBound) {
    this.appliedOffsets = appliedOffsets;
    this.retiredCopyBound = retiredCopyBound;
    this.retiring = !retiredCopyBound.isZero() && !retiredCopyBound.isNegative();
  }

  public AppliedOffsets appliedOffsets() {
    return appliedOffsets;
  }

  /** A task's index and its role (ACTIVE or STANDBY). */
  private record Held(PartitionIndex index, IndexRole role) {}

  /** Registers an active index (tests and callers that manage no standby tasks). */
  public void register(PartitionIndex index) {
    register(index, IndexRole.ACTIVE);
  }

  /** Registers an open store's index as ACTIVE or STANDBY. */
  public void register(PartitionIndex index, IndexRole role) {
    if (role == IndexRole.RETIRED) {
      throw new IllegalArgumentException("retired copies are handed over with retire()");
    }
    byPartition.put(index.partition(), new Held(index, role));
  }

  /**
   * Takes over {@code copy} of a task that leaves this instance, in place of {@code replacing},
   * that task's index, which it unregisters: the copy answers as RETIRED until it is closed (see
   * the class comment), which this schedules. False when copies are not kept (no bound, or
   * shutting down), another index than {@code replacing} holds the partition, or a copy kept
   * earlier holds more of the changelog: the caller closes the copy then, and {@code replacing}
   * stays registered.
   */
  public boolean retire(RetiredCopy copy, PartitionIndex replacing) {
    if (!retiring || copy.atStartUp()) {
      return false;
    }
    if (!roomForCopies.getAsBoolean()) {
      LOG.info(
          "did not keep a copy of partition {} after its task closed: the heap is tight",
          copy.partition());
      return false;
    }
    Held held = byPartition.get(copy.partition());
    if (held != null && held.index() != replacing) {
      return false;
    }
    RetiredCopy[] older = {null};
    RetiredCopy kept =
        copies.compute(
            copy.partition(),
            (p, existing) -> {
              if (existing != null && existing.changelogOffset() > copy.changelogOffset()) {
                return existing;
              }
              older[0] = existing;
              return copy;
            });
    if (kept != copy) {
      // a copy kept earlier holds more of the changelog (this one restored only part of it)
      return false;
    }
    unregister(replacing);
    if (older[0] != null) {
      drop(older[0], "a newer copy of the partition replaces it");
    }
    LOG.info(
        "kept a read-only copy of partition {} readable (stale-labelled) after its task closed, for at"
            + " most {} ms (changelog offset {})",
        copy.partition(),
        retiredCopyBound.toMillis(),
        copy.changelogOffset());
    scheduleCheck(copy);
    if (!retiring) {
      // shutdown began meanwhile: closeAllRetired may have run before this copy was in the map
      drop(copy, "this instance is stopping");
    }
    return true;
  }

  /**
   * Takes {@code copy}, a start-up copy ({@link RetiredCopy#atStartUp}), to answer for its
   * partition as RETIRED until the caller closes it ({@link #closeCopy}), its new owner answers, or
   * this instance stops; no time bound. False when copies are not kept (stale answers off, or
   * stopping) or the partition is held already: the caller closes it.
   */
  public boolean offerStartUpCopy(RetiredCopy copy) {
    if (!retiring || !copy.atStartUp() || byPartition.containsKey(copy.partition())) {
      return false;
    }
    if (copies.putIfAbsent(copy.partition(), copy) != null) {
      return false;
    }
    LOG.info(
        "partition {} answers from its snapshot and its store on disk (stale-labelled, changelog"
            + " offset {}) until its store opens here",
        copy.partition(),
        copy.changelogOffset());
    scheduleCheck(copy);
    if (!retiring) {
      drop(copy, "this instance is stopping");
    }
    return true;
  }

  /** Closes {@code copy} if it answers here, and returns once it is closed. */
  public void closeCopy(RetiredCopy copy, String why) {
    drop(copy, why);
  }

  /**
   * From now on a retired copy is closed as soon as {@code newOwners} says its partition's new owner
   * answers for it (asked at every check, every {@link #RETIRED_CHECK_EVERY}); the bound stays the
   * upper limit.
   */
  public void dropRetiredWhen(NewOwners newOwners) {
    this.newOwners = newOwners;
  }

  /**
   * From now on the copy of a task that leaves is kept only while {@code room} says the heap has
   * room for it ({@link #retire} refuses it otherwise); with {@link #dropRetiredCopies} when the
   * heap turns tight. A retired copy holds its partition's whole index, and its task's replacement
   * may build another beside it: a thread that closes all its tasks dirty would double the heap
   * the indexes take.
   */
  public void keepRetiredWhile(BooleanSupplier room) {
    this.roomForCopies = room;
  }

  /**
   * Closes every retired copy of a task that left (not the start-up copies, which the stores that
   * open here take over), soon, on the thread that checks the copies (closing one waits for the
   * reads under way): their partitions answer 503 or from another copy until one that follows the
   * changelog can.
   */
  public void dropRetiredCopies(String why) {
    if (copies.values().stream().allMatch(RetiredCopy::atStartUp)) {
      return;
    }
    RETIRED_CHECKS.execute(
        () -> {
          for (RetiredCopy copy : List.copyOf(copies.values())) {
            if (!copy.atStartUp()) {
              drop(copy, why);
            }
          }
        });
  }

  /** Whether a task that leaves this instance now may hand over its copy ({@link #retire}). */
  public boolean retiring() {
    return retiring;
  }

  /** How many retired and start-up copies answer here now. */
  public int copiesKept() {
    return copies.size();
  }

  /** The partition's retired or start-up copy, if this instance keeps one. */
  public Optional<RetiredCopy> retiredPartition(int partition) {
    return Optional.ofNullable(copies.get(partition));
  }

  /** Closes the partition's copy, retired or start-up, if any, and returns once it is closed. */
  public void closeRetired(int partition) {
    retiredPartition(partition).ifPresent(copy -> drop(copy, "it is closed on request"));
  }

  /**
   * Closes the partition's start-up copy, if any: a store of the partition opens here without
   * taking over that copy's snapshot, so the copy would only fall behind.
   */
  public void closeStartUpCopy(int partition) {
    retiredPartition(partition)
        .filter(RetiredCopy::atStartUp)
        .ifPresent(copy -> drop(copy, "its store opens here without its snapshot"));
  }

  /** From now on nothing is retired (at shutdown; {@link #closeAllRetired()} closes the copies). */
  public void stopRetiring() {
    retiring = false;
  }

  /** Closes every retired copy; call after {@link #stopRetiring()} and after the stores closed. */
  public void closeAllRetired() {
    retiring = false;
    for (RetiredCopy copy : List.copyOf(copies.values())) {
      drop(copy, "this instance is stopping");
    }
  }

  private void scheduleCheck(RetiredCopy copy) {
    RETIRED_CHECKS.schedule(
        () -> check(copy), RETIRED_CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void check(RetiredCopy copy) {
    if (copies.get(copy.partition()) != copy) {
      return;
    }
    try {
      Optional<String> why = reasonToDrop(copy);
      if (why.isPresent()) {
        drop(copy, why.get());
      } else {
        scheduleCheck(copy);
      }
    } catch (RuntimeException e) {
      LOG.warn("checking the retired copy of partition {} failed", copy.partition(), e);
      drop(copy, "its check failed");
    }
  }

  private Optional<String> reasonToDrop(RetiredCopy copy) {
    long ageMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - copy.retiredAtNanos());
    if (!copy.atStartUp()) {
      if (ageMillis >= retiredCopyBound.toMillis()) {
        return Optional.of("its " + retiredCopyBound.toMillis() + " ms are over");
      }
      if (activePartition(copy.partition()).isPresent()) {
        return Optional.of("this instance's task of the partition is active, " + ageMillis + " ms after its task left");
      }
      Optional<PartitionIndex> standby = standbyPartition(copy.partition());
      if (standby.isPresent() && standby.get().changelogOffset() >= copy.changelogOffset()) {
        return Optional.of(
            "this instance's standby copy has caught up with it, " + ageMillis + " ms after its task left");
      }
    }
    if (newOwners.answer(copy.partition())) {
      return Optional.of(
          "its new owner answers for it, "
              + ageMillis
              + (copy.atStartUp() ? " ms after it was kept" : " ms after its task left"));
    }
    return Optional.empty();
  }

  /**
   * Closes the copy (readers under way finish first; later ones get {@link
   * PartitionClosedException}), then forgets it: a caller that finds it still registered closes
   * it too, which waits until it is closed.
   */
  private void drop(RetiredCopy copy, String why) {
    copy.close();
    if (copies.remove(copy.partition(), copy)) {
      LOG.info(
          "closed the {} copy of partition {}: {}",
          copy.atStartUp() ? "start-up" : "retired",
          copy.partition(),
          why);
    }
  }

  /** Removes the index only if it is still the registered one (a newer task may have replaced it). */
  public void unregister(PartitionIndex index) {
    byPartition.computeIfPresent(index.partition(), (p, held) -> held.index() == index ? null : held);
  }

  /**
   * Gives the registered {@code index} {@code role} (ACTIVE or STANDBY); false when {@code index}
   * is not registered.
   */
  public boolean assignRole(PartitionIndex index, IndexRole role) {
    if (role == IndexRole.RETIRED) {
      throw new IllegalArgumentException("retired copies are handed over with retire()");
    }
    Held now =
        byPartition.computeIfPresent(
            index.partition(), (p, held) -> held.index() == index ? new Held(index, role) : held);
    return now != null && now.index() == index && now.role() == role;
  }

  /** The partition's index if a task holds it here, active or standby. */
  public Optional<PartitionIndex> partition(int partition) {
    return Optional.ofNullable(byPartition.get(partition)).map(Held::index);
  }

  /** The partition's index if its task is active here. */
  public Optional<PartitionIndex> activePartition(int partition) {
    return withRole(partition, IndexRole.ACTIVE);
  }

  /** The partition's index if a standby (or still restoring) task holds it here. */
  public Optional<PartitionIndex> standbyPartition(int partition) {
    return withRole(partition, IndexRole.STANDBY);
  }

  /** The role of the partition's task here, else RETIRED when only a copy of it answers here. */
  public Optional<IndexRole> role(int partition) {
    Held held = byPartition.get(partition);
    if (held != null) {
      return Optional.of(held.role());
    }
    return copies.containsKey(partition) ? Optional.of(IndexRole.RETIRED) : Optional.empty();
  }

  /** Every index of a task held here, active or standby (retired copies are not). */
  public Map<Integer, PartitionIndex> all() {
    Map<Integer, PartitionIndex> all = new HashMap<>();
    byPartition.forEach((partition, held) -> all.put(partition, held.index()));
    return Map.copyOf(all);
  }

  /** The indexes of the partitions whose task is active here. */
  public Map<Integer, PartitionIndex> active() {
    return withRole(IndexRole.ACTIVE);
  }

  /** The indexes of the partitions a standby (or still restoring) task holds here. */
  public Map<Integer, PartitionIndex> standby() {
    return withRole(IndexRole.STANDBY);
  }

  private Optional<PartitionIndex> withRole(int partition, IndexRole role) {
    return Optional.ofNullable(byPartition.get(partition))
        .filter(held -> held.role() == role)
        .map(Held::index);
  }

  private Map<Integer, PartitionIndex> withRole(IndexRole role) {
    Map<Integer, PartitionIndex> found = new HashMap<>();
    byPartition.forEach(
        (partition, held) -> {
          if (held.role() == role) {
            found.put(partition, held.index());
          }
        });
    return Map.copyOf(found);
  }

  /**
   * RocksDB found the store of {@code partition} damaged on a read (a table file failing its
   * checksum): its leads answer 503 until the instance restarts on a restored store, and the
   * instance stops saying it is ready. Returns whether this is the first report of the partition.
   */
  public boolean storeDamaged(int partition, String what) {
    return damagedStores.putIfAbsent(partition, what) == null;
  }

  /** The partitions whose store was found damaged, and what RocksDB said of each. */
  public Map<Integer, String> damagedStores() {
    return Map.copyOf(damagedStores);
  }
}
