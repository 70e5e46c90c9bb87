package ai.buena.leads.http;

/** Tells whether the service can answer queries now, and why not. */
@FunctionalInterface
public interface Readiness {
  Status status();

  record Status(boolean ready, String reason) {
    public static Status ok() {
      return new Status(true, "ready");
    }

    public static Status notReady(String reason) {
      return new Status(false, reason);
    }
  }
}
