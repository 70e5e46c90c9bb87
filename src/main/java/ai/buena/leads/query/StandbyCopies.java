package ai.buena.leads.query;

import ai.buena.leads.index.RetiredCopy;
import ai.buena.leads.lead.Lead;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The standby copies of partitions this instance holds (Kafka Streams standby tasks, and active
 * tasks still restoring): how far behind each is, and reads of one lead from a copy. Their warm
 * query indexes are in {@code LocalIndexes} with role STANDBY. Also how far behind a retired copy
 * (role RETIRED: the copy of a task that left this instance) is.
 */
public interface StandbyCopies {
  /** An instance without standby copies. */
  StandbyCopies NONE =
      new StandbyCopies() {
        @Override
        public OptionalLong recordsBehind(int partition) {
          return OptionalLong.empty();
        }

        @Override
        public Optional<Lead> lead(int partition, String leadId) {
          throw new UnavailableException(
              "no standby copy of partition " + partition + " here", LocalLeadQueryService.RETRY_AFTER);
        }
      };

  /**
   * How many changelog records this instance's copy of the partition was behind at its last
   * measurement (at most about a second ago); empty when it holds no copy or the lag is unknown.
   */
  OptionalLong recordsBehind(int partition);

  /**
   * How many changelog records {@code copy} is behind its changelog's end now (measured at most
   * about a second ago); empty when that cannot be measured.
   */
  default OptionalLong recordsBehind(RetiredCopy copy) {
    return OptionalLong.empty();
  }

  /**
   * The lead as this instance's copy of its partition holds it (empty: not there); throws {@link
   * UnavailableException} when there is no readable copy.
   */
  Optional<Lead> lead(int partition, String leadId);
}
