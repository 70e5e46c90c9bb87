package ai.buena.leads.projection;

import ai.buena.leads.events.EventError;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Input records whose processing failed (an output could not be written, or processing threw),
 * counted by their source topic, partition and offset, shared by every stream thread of one
 * instance and surviving thread replacement. A failed task is re-processed from its last commit;
 * this is how a record that keeps failing is recognised on its way back, so it is dead-lettered
 * instead of replayed forever ({@link #verdict}).
 */
public final class FailingRecords {
  private static final Logger LOG = LoggerFactory.getLogger(FailingRecords.class);
  /** The attempt after this many failures dead-letters the record (an excerpt) instead. */
  public static final int DEAD_LETTER_AFTER = 3;
  /** The attempt after this many failures skips the record: even its dead letter failed. */
  public static final int SKIP_AFTER = 6;

  private static final int REMEMBERED = 10_000;

  private final Map<Key, Failure> failures =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Failure> eldest) {
          return size() > REMEMBERED;
        }
      };

  /** How often one record failed so far, and the last reason. */
  public record Failure(int count, EventError lastError) {}

  /** What to do with a record on its next attempt. */
  public sealed interface Verdict {
    /** Never failed, or not often: process it. */
    record Process() implements Verdict {}

    /** Failed {@link #DEAD_LETTER_AFTER} times: write a dead letter with this error instead. */
    record DeadLetterInstead(EventError error) implements Verdict {}

    /** Failed {@link #SKIP_AFTER} times: skip it, count it, log where it is. */
    record Skip(EventError error) implements Verdict {
      /** Logs where the skipped record is and counts it under its error's code. */
      public void report(DeadLetterRecord.Source at, ProjectionMetrics metrics) {
        LOG.error(
            "skipping {}-{}@{} after {} failed attempts, its dead letter included: {}",
            at.topic(),
            at.partition(),
            at.offset(),
            SKIP_AFTER,
            error.message());
        metrics.skipped(error.code());
      }
    }
  }

  private static final Verdict PROCESS = new Verdict.Process();

  /** Counts one more failure of the record at topic/partition/offset; returns the new count. */
  public synchronized int failed(String topic, int partition, long offset, EventError error) {
    if (topic == null || offset < 0) {
      return 0;
    }
    Key key = new Key(topic, partition, offset);
    Failure before = failures.remove(key);
    Failure after = new Failure(before == null ? 1 : before.count() + 1, error);
    failures.put(key, after);
    return after.count();
  }

  public synchronized Verdict verdict(String topic, int partition, long offset) {
    Failure failure = failures.get(new Key(topic, partition, offset));
    if (failure == null || failure.count() < DEAD_LETTER_AFTER) {
      return PROCESS;
    }
    return failure.count() < SKIP_AFTER
        ? new Verdict.DeadLetterInstead(failure.lastError())
        : new Verdict.Skip(failure.lastError());
  }

  private record Key(String topic, int partition, long offset) {}
}
