package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerDefaultsCheckTest {
  private static final Map<String, String> KAFKA_DEFAULTS =
      Map.of(
          BrokerDefaultsCheck.DEFAULT_REPLICATION, "3",
          BrokerDefaultsCheck.TRANSACTION_LOG_REPLICATION, "3");

  @Test
  void shouldRefuseAFirstStartWhoseStreamsTopicsWouldTakeMoreReplicasThanLiveBrokers() {
    var cluster = new BrokerDefaultsCheck.Cluster(1, KAFKA_DEFAULTS, false, true);

    assertThat(BrokerDefaultsCheck.refusals(cluster, -1, true))
        .singleElement()
        .asString()
        .contains("default.replication.factor 3, but 1 broker is live (if some are down")
        .contains("start with --replication-factor 1");
  }

  @Test
  void shouldRefuseExactlyOnceWhileTheTransactionLogCannotBeCreated() {
    var cluster = new BrokerDefaultsCheck.Cluster(2, KAFKA_DEFAULTS, true, false);

    assertThat(BrokerDefaultsCheck.refusals(cluster, -1, true))
        .singleElement()
        .asString()
        .startsWith("exactly_once_v2 needs the brokers' transaction log (__transaction_state)")
        .contains("transaction.state.log.replication.factor 3, but 2 brokers are live")
        .contains("--processing-guarantee at_least_once");
  }

  @Test
  void shouldNotCheckTheTransactionLogAtLeastOnce() {
    var cluster = new BrokerDefaultsCheck.Cluster(1, KAFKA_DEFAULTS, true, false);

    assertThat(BrokerDefaultsCheck.refusals(cluster, -1, false)).isEmpty();
  }

  @Test
  void shouldLeaveTopicsThatExistAlreadyWhateverTheDefaultsSay() {
    var cluster = new BrokerDefaultsCheck.Cluster(1, KAFKA_DEFAULTS, true, true);

    assertThat(BrokerDefaultsCheck.refusals(cluster, -1, true)).isEmpty();
  }

  @Test
  void shouldTakeAGivenReplicationFactorOverTheBrokersDefault() {
    var cluster = new BrokerDefaultsCheck.Cluster(1, KAFKA_DEFAULTS, false, true);

    assertThat(BrokerDefaultsCheck.refusals(cluster, 1, true)).isEmpty();
  }

  @Test
  void shouldTakeDefaultsTheLiveBrokersMeet() {
    var cluster = new BrokerDefaultsCheck.Cluster(3, KAFKA_DEFAULTS, false, false);

    assertThat(BrokerDefaultsCheck.refusals(cluster, -1, true)).isEmpty();
  }

  @Test
  void shouldSkipADefaultTheBrokerDidNotGive() {
    var cluster = new BrokerDefaultsCheck.Cluster(1, Map.of(), false, false);

    assertThat(BrokerDefaultsCheck.refusals(cluster, -1, true)).isEmpty();
  }
}
