package ai.buena.leads.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a first start that Kafka Streams could never complete on this cluster because of two
 * broker defaults that {@code CAP_REPLICATION} does not cap: the replication of Kafka Streams' own
 * topics (the brokers' {@code default.replication.factor}, while {@code REPLICATION_FACTOR} is
 * -1) and, under exactly-once, that of the brokers' transaction log, created at the first
 * transaction. Either above the live brokers leaves the projection REBALANCING for good while its
 * log repeats the failure. Only what does not exist yet is checked: once created, these topics
 * stand whatever the defaults say. Best effort: a principal that may not describe the brokers'
 * configs, or no answer in time, skips the check with a WARN line.
 */
final class BrokerDefaultsCheck {
  static final String DEFAULT_REPLICATION = "default.replication.factor";
  static final String TRANSACTION_LOG_REPLICATION = "transaction.state.log.replication.factor";
  static final String TRANSACTION_LOG = "__transaction_state";
  private static final Logger LOG = LoggerFactory.getLogger(BrokerDefaultsCheck.class);

  private BrokerDefaultsCheck() {}

  /** What the cluster holds and the brokers say, as far as this start depends on it. */
  record Cluster(
      int liveBrokers,
      Map<String, String> brokerConfig,
      boolean streamsTopicsExist,
      boolean transactionLogExists) {}

  /** @throws CommandFailure (exit 2) when a default cannot be met by the live brokers */
  static void require(Admin admin, AppConfig config, Duration timeout) {
    boolean exactlyOnce = StreamsConfig.EXACTLY_ONCE_V2.equals(config.processingGuarantee());
    try {
      Set<String> topics =
          admin
              .listTopics(new ListTopicsOptions().listInternal(true).timeoutMs(millis(timeout)))
              .names()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      boolean streamsTopics =
          topics.stream().anyMatch(topic -> topic.startsWith(config.applicationId() + "-"));
      boolean transactionLog = topics.contains(TRANSACTION_LOG);
      if ((streamsTopics || config.replicationFactor() != -1) && (transactionLog || !exactlyOnce)) {
        return;
      }
      Collection<Node> brokers =
          admin
              .describeCluster(new DescribeClusterOptions().timeoutMs(millis(timeout)))
              .nodes()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (brokers.isEmpty()) {
        return;
      }
      ConfigResource broker =
          new ConfigResource(ConfigResource.Type.BROKER, brokers.iterator().next().idString());
      Config described =
          admin
              .describeConfigs(List.of(broker), new DescribeConfigsOptions().timeoutMs(millis(timeout)))
              .all()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .get(broker);
      Map<String, String> values = new HashMap<>();
      for (String name : List.of(DEFAULT_REPLICATION, TRANSACTION_LOG_REPLICATION)) {
        ConfigEntry entry = described == null ? null : described.get(name);
        if (entry != null && entry.value() != null) {
          values.put(name, entry.value());
        }
      }
      List<String> refusals =
          refusals(
              new Cluster(brokers.size(), values, streamsTopics, transactionLog),
              config.replicationFactor(),
              exactlyOnce);
      if (!refusals.isEmpty()) {
        throw new CommandFailure(2, String.join("; and ", refusals));
      }
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      if (cause instanceof AuthorizationException) {
        // the runbook's ACLs grant no DescribeConfigs on the cluster: expected, nothing to fix
        LOG.info(
            "not comparing the brokers' {} and {} with the live brokers: {}",
            DEFAULT_REPLICATION,
            TRANSACTION_LOG_REPLICATION,
            cause.getMessage());
        return;
      }
      LOG.warn(
          "starting without comparing the brokers' {} and {} with the live brokers: {}",
          DEFAULT_REPLICATION,
          TRANSACTION_LOG_REPLICATION,
          cause.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailure(1, "interrupted while reading the brokers' configs");
    }
  }

  /** Each default this start would need and the live brokers cannot meet, as a fix to make. */
  static List<String> refusals(Cluster cluster, int replicationFactor, boolean exactlyOnce) {
    List<String> refusals = new ArrayList<>();
    Optional<Integer> defaultReplication = number(cluster.brokerConfig().get(DEFAULT_REPLICATION));
    if (replicationFactor == -1
        && !cluster.streamsTopicsExist()
        && defaultReplication.isPresent()
        && defaultReplication.get() > cluster.liveBrokers()) {
      refusals.add(
          "Kafka Streams would create this application's topics (changelogs, repartition topics)"
              + " with the brokers' default.replication.factor "
              + defaultReplication.get()
              + ", but "
              + brokers(cluster.liveBrokers())
              + ": start with --replication-factor "
              + cluster.liveBrokers()
              + " (REPLICATION_FACTOR; --cap-replication caps only the declared topics), or lower"
              + " the brokers' default.replication.factor");
    }
    Optional<Integer> logReplication =
        number(cluster.brokerConfig().get(TRANSACTION_LOG_REPLICATION));
    if (exactlyOnce
        && !cluster.transactionLogExists()
        && logReplication.isPresent()
        && logReplication.get() > cluster.liveBrokers()) {
      refusals.add(
          "exactly_once_v2 needs the brokers' transaction log ("
              + TRANSACTION_LOG
              + "), which they create with transaction.state.log.replication.factor "
              + logReplication.get()
              + ", but "
              + brokers(cluster.liveBrokers())
              + ": set transaction.state.log.replication.factor and transaction.state.log.min.isr"
              + " to at most "
              + cluster.liveBrokers()
              + " on the brokers, or start with --processing-guarantee at_least_once"
              + " (PROCESSING_GUARANTEE)");
    }
    return refusals;
  }

  private static String brokers(int live) {
    return (live == 1 ? "1 broker is live" : live + " brokers are live")
        + " (if some are down, start again once they are back)";
  }

  private static Optional<Integer> number(String value) {
    try {
      return value == null ? Optional.empty() : Optional.of(Integer.parseInt(value.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static int millis(Duration timeout) {
    return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
  }
}
