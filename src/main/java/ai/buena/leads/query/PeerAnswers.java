package ai.buena.leads.query;

/** Told of every HTTP answer another instance gives, a 503 included. */
@FunctionalInterface
public interface PeerAnswers {
  /** {@code host} answered, saying it is in {@code state}. */
  void answered(HostAddress host, InstanceState state);
}
