package ai.buena.leads.http;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a connection whose request line and headers have not arrived whole within the deadline.
 * Jetty's idle timeout is a timeout on silence, and Jetty 12 has no deadline for a request's head:
 * a client trickling one header byte every few seconds kept its connection for days, and about
 * 4,100 such connections, under 1 KB/s in all, filled {@link JettySetup#MAX_CONNECTIONS} and kept
 * every new client out. While more than half of the connections are open, the deadline is {@link
 * #UNDER_PRESSURE} (a real client sends its head in one packet): such a client must then open
 * thousands of connections a second to hold the limit.
 *
 * <p>Checked every {@link #SWEEP} by Jetty's scheduler, from each connection's parser state: a
 * connection idle between requests is not in a head (the idle timeout ends it), nor is one whose
 * request is being answered or whose body is arriving (a write's body has its own deadline).
 */
final class RequestHeadDeadline extends AbstractLifeCycle implements Runnable {
  static final Duration SWEEP = Duration.ofMillis(250);
  static final Duration UNDER_PRESSURE = Duration.ofSeconds(1);

  private final ServerConnector connector;
  private final long deadlineNanos;
  private final int pressureFrom;
  private final Runnable onClosed;
  /** The connections seen in a request's head at the last sweeps, from when (same request). */
  private Map<EndPoint, Head> inHead = new HashMap<>();

  private volatile Scheduler.Task next;

  private record Head(long messagesIn, long since) {}

  RequestHeadDeadline(
      ServerConnector connector, Duration deadline, int maxConnections, Runnable onClosed) {
    this.connector = connector;
    this.deadlineNanos = deadline.toNanos();
    this.pressureFrom = maxConnections / 2;
    this.onClosed = onClosed;
  }

  @Override
  protected void doStart() {
    schedule();
  }

  @Override
  protected void doStop() {
    Scheduler.Task task = next;
    if (task != null) {
      task.cancel();
    }
  }

  private void schedule() {
    if (isRunning() || isStarting()) {
      next = connector.getScheduler().schedule(this, SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void run() {
    try {
      sweep(System.nanoTime());
    } finally {
      schedule();
    }
  }

  void sweep(long now) {
    var endPoints = connector.getConnectedEndPoints();
    long allowed =
        endPoints.size() > pressureFrom
            ? Math.min(deadlineNanos, UNDER_PRESSURE.toNanos())
            : deadlineNanos;
    Map<EndPoint, Head> seen = new HashMap<>();
    for (EndPoint endPoint : endPoints) {
      if (!(endPoint.getConnection() instanceof HttpConnection http) || !inHead(http.getParser())) {
        continue;
      }
      Head before = inHead.get(endPoint);
      Head head =
          before != null && before.messagesIn() == http.getMessagesIn()
              ? before
              : new Head(http.getMessagesIn(), now);
      if (now - head.since() >= allowed) {
        endPoint.close();
        onClosed.run();
      } else {
        seen.put(endPoint, head);
      }
    }
    inHead = seen;
  }

  private static boolean inHead(HttpParser parser) {
    return parser.inHeaderState() && !parser.isStart();
  }
}
