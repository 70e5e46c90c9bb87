package ai.buena.leads.runtime.logging;

import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import java.io.PrintStream;

/**
 * Logback's own warnings and errors (e.g. an unknown {@code LOG_FORMAT}), one line each on stderr.
 * Without a status listener Logback prints its whole status report to stdout, where {@code keys
 * create} prints the key alone for scripts to capture.
 */
public final class StderrStatusListener implements StatusListener {
  private final PrintStream err;

  public StderrStatusListener() {
    this(System.err);
  }

  StderrStatusListener(PrintStream err) {
    this.err = err;
  }

  @Override
  public void addStatusEvent(Status status) {
    if (status.getLevel() < Status.WARN) {
      return;
    }
    String level = status.getLevel() == Status.ERROR ? "ERROR" : "WARN";
    Throwable cause = status.getThrowable();
    err.println(
        "logback " + level + ": " + status.getMessage()
            + (cause == null ? "" : " (" + cause + ")"));
  }
}
