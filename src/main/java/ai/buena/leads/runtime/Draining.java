package ai.buena.leads.runtime;

import ai.buena.leads.http.Readiness;

/** The readiness of an instance that may be stopping: once draining, never ready again. */
final class Draining implements Readiness {
  private final Readiness running;
  private volatile boolean draining;

  Draining(Readiness running) {
    this.running = running;
  }

  void start() {
    draining = true;
  }

  @Override
  public Status status() {
    return draining ? Status.notReady("draining: this instance is stopping") : running.status();
  }
}
