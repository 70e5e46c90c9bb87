package ai.buena.leads.runtime;

import java.time.Duration;
import java.util.Optional;

/**
 * Who this instance is in the Kafka Streams group and how it stops.
 *
 * @param instanceName the static member name ({@code group.instance.id}); empty: a dynamic member,
 *     whose every restart is two rebalances
 * @param sessionTimeout how long the group waits for a member that stopped heartbeating (a crash,
 *     or a static member's restart) before moving its partitions
 * @param leaveGroupOnStop whether a clean stop hands the partitions over at once (a dynamic member
 *     always does; a static member only when asked, e.g. for a scale-down)
 * @param drainPeriod after SIGTERM: how long the instance says not ready while still answering,
 *     before it stops taking requests
 */
public record Lifecycle(
    Optional<String> instanceName,
    Duration sessionTimeout,
    boolean leaveGroupOnStop,
    Duration drainPeriod) {
  /** A dynamic member that leaves at once and stops without draining (tests, embedded use). */
  public static final Lifecycle DYNAMIC =
      new Lifecycle(Optional.empty(), Duration.ofSeconds(10), true, Duration.ZERO);

  public Lifecycle {
    if (drainPeriod.isNegative()) {
      throw new IllegalArgumentException("the drain period must not be negative");
    }
    if (instanceName.isEmpty() && !leaveGroupOnStop) {
      throw new IllegalArgumentException("a dynamic member always leaves the group on stop");
    }
  }

  /** {@code <host>-<port>}: stable across restarts of one pod (its host name) and unique per port. */
  static String defaultInstanceName(String hostName, int port) {
    return sanitize(hostName) + "-" + port;
  }

  private static String sanitize(String hostName) {
    String name = hostName.replaceAll("[^A-Za-z0-9._-]", "_");
    return name.length() > 180 ? name.substring(0, 180) : name;
  }

  @Override
  public String toString() {
    return "instanceName="
        + instanceName.orElse("(dynamic)")
        + " sessionTimeout="
        + sessionTimeout
        + " leaveGroupOnStop="
        + leaveGroupOnStop
        + " drainPeriod="
        + drainPeriod;
  }
}
