package ai.buena.leads.runtime;

import ai.buena.leads.http.Readiness;

/** The readiness of an instance that may be stopping: once draining, never ready again. */
final class Draining implements Readiness {
  private final Readiness running;
  private volatile boolean draining;
  private volatile boolean stoppingSoon;

  Draining(Readiness running) {
    this.running = running;
  }

  void start() {
    draining = true;
  }

  /** The end of the drain: the other instances are told this one will soon stop answering. */
  void stopSoon() {
    draining = true;
    stoppingSoon = true;
  }

  @Override
  public Status status() {
    if (stoppingSoon) {
      return Status.stopping("draining: this instance is stopping");
    }
    return draining ? Status.notReady("draining: this instance is stopping") : running.status();
  }
}
