package ai.buena.leads.query;

/** How instances reach each other: the advertised {@code host:port} of an instance. */
public record HostAddress(String host, int port) {
  @Override
  public String toString() {
    return host + ":" + port;
  }
}
