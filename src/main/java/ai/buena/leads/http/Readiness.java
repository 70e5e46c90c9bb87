package ai.buena.leads.http;

/**
 * Tells whether the service can answer queries now, and why not; and whether it is still alive:
 * not alive means it will never answer again without a restart ({@code /health/live} 503).
 */
@FunctionalInterface
public interface Readiness {
  Status status();

  /**
   * @param stopping at the end of a drain: the instance will soon stop answering (its internal
   *     answers say so, {@link InstanceStateHeader})
   */
  record Status(boolean ready, String reason, boolean live, boolean stopping) {
    public Status(boolean ready, String reason, boolean live) {
      this(ready, reason, live, false);
    }

    public Status(boolean ready, String reason) {
      this(ready, reason, true);
    }

    /** Draining, and about to stop answering. */
    public static Status stopping(String reason) {
      return new Status(false, reason, true, true);
    }

    public static Status ok() {
      return new Status(true, "ready");
    }

    public static Status notReady(String reason) {
      return new Status(false, reason);
    }

    /** Permanently down: only a restart helps. */
    public static Status down(String reason) {
      return new Status(false, reason, false);
    }
  }
}
