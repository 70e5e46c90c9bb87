package ai.buena.leads.http;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
final class RequestHeadDeadline extends AbstractLifeCycle {
  static final Duration SWEEP = Duration.ofMillis(250);
  static final Duration UNDER_PRESSURE = Duration.ofSeconds(1);

  private final ServerConnector connector;
  private final long deadlineNanos;
  private final int pressureFrom;
  private final Runnable onClosed;
  /** What the last sweep saw of each connection. */
  private Map<EndPoint, Seen> seen = new HashMap<>();

  private volatile Scheduler.Task next;
  /** A stop and a start begin a new chain of sweeps: a sweep of an older one does nothing. */
  private final AtomicLong generation = new AtomicLong();

  /**
   * A connection as a sweep saw it: its requests in and answers out, the bytes it had read when
   * it was last not waiting for a request (the bytes of the requests so far), and since when it is
   * in a head (-1: it is not).
   */
  private record Seen(long messagesIn, long messagesOut, long bytesBefore, long headSince) {}

  RequestHeadDeadline(
      ServerConnector connector, Duration deadline, int maxConnections, Runnable onClosed) {
    this.connector = connector;
    this.deadlineNanos = deadline.toNanos();
    this.pressureFrom = maxConnections / 2;
    this.onClosed = onClosed;
  }

  @Override
  protected void doStart() {
    schedule(generation.incrementAndGet());
  }

  @Override
  protected void doStop() {
    generation.incrementAndGet();
    Scheduler.Task task = next;
    if (task != null) {
      task.cancel();
    }
  }

  private void schedule(long chain) {
    next =
        connector
            .getScheduler()
            .schedule(() -> sweepThenSchedule(chain), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void sweepThenSchedule(long chain) {
    if (generation.get() != chain) {
      return;
    }
    try {
      sweep(System.nanoTime());
    } finally {
      if (generation.get() == chain) {
        schedule(chain);
      }
    }
  }

  synchronized void sweep(long now) {
    var endPoints = connector.getConnectedEndPoints();
    long allowed =
        endPoints.size() > pressureFrom
            ? Math.min(deadlineNanos, UNDER_PRESSURE.toNanos())
            : deadlineNanos;
    Map<EndPoint, Seen> kept = new HashMap<>();
    for (EndPoint endPoint : endPoints) {
      if (!(endPoint.getConnection() instanceof HttpConnection http)) {
        continue;
      }
      Seen before = seen.get(endPoint);
      Seen current = look(http, before, now);
      if (current.headSince() >= 0 && now - current.headSince() >= allowed) {
        endPoint.close();
        onClosed.run();
      } else {
        kept.put(endPoint, current);
      }
    }
    seen = kept;
  }

  /**
   * In a head: the parser is past a request's first byte and before its end of headers, or it waits
   * for a request (Jetty's parser stays at its start while it skips line breaks before one) and the
   * connection has read more than its requests so far: a client that trickles line breaks.
   */
  private static Seen look(HttpConnection http, Seen before, long now) {
    HttpParser parser = http.getParser();
    long in = http.getMessagesIn();
    long out = http.getMessagesOut();
    long bytes = http.getBytesIn();
    boolean waiting = parser.isStart();
    boolean midHead = !waiting && parser.inHeaderState();
    long bytesBefore;
    if (before == null) {
      // a new connection has no request of its own yet: every byte it read is a head's
      bytesBefore = in == 0 && out == 0 ? 0 : bytes;
    } else if (before.messagesIn() != in || before.messagesOut() != out || !(waiting || midHead)) {
      // a request went by, or one is past its head: what it read so far is not a head
      bytesBefore = bytes;
    } else {
      bytesBefore = before.bytesBefore();
    }
    boolean inHead = midHead || (waiting && bytes > bytesBefore);
    long since =
        !inHead
            ? -1
            : before != null && before.headSince() >= 0 && before.messagesIn() == in
                ? before.headSince()
                : now;
    return new Seen(in, out, bytesBefore, since);
  }
}
