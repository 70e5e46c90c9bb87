package ai.buena.leads.query;

/** Told of every HTTP answer another instance gives, a 503 included. */
@FunctionalInterface
public interface PeerAnswers {
  /**
   * {@code host} answered; {@code starting}: it said it has not been ready once since its start
   * (its copies may still be restoring, its JVM is cold).
   */
  void answered(HostAddress host, boolean starting);
}
