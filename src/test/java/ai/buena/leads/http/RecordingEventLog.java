package ai.buena.leads.http;

import ai.buena.leads.write.AppendUncertainException;
import ai.buena.leads.write.Appended;
import ai.buena.leads.write.EventLog;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The write routes' event log for HTTP tests: keeps every appended record in memory, at offsets
 * counted from 0, or refuses to acknowledge once told to. Broker-backed behaviour is tested in
 * {@code LeadWritesIT}.
 */
final class RecordingEventLog implements EventLog {
  record Produced(String key, byte[] value, Map<String, String> headers) {}

  final List<Produced> records = new CopyOnWriteArrayList<>();
  private volatile boolean unacknowledged;
  private volatile QueryHold hold;

  /** Every append from now on waits until the returned hold is released. */
  QueryHold holdAppends() {
    QueryHold appends = new QueryHold();
    hold = appends;
    return appends;
  }

  void stopAcknowledging() {
    unacknowledged = true;
  }

  @Override
  public Appended append(String leadId, byte[] event, Map<String, String> headers) {
    QueryHold appends = hold;
    if (appends != null) {
      appends.enterAndWait();
    }
    if (unacknowledged) {
      throw new AppendUncertainException("no acknowledgement", new TimeoutException());
    }
    Runnable rival = beforeNextAppend.getAndSet(null);
    if (rival != null) {
      rival.run();
    }
    Produced produced = new Produced(leadId, event, Map.copyOf(headers));
    records.add(produced);
    onAppended.accept(produced);
    return new Appended(0, records.size() - 1);
  }

  private volatile Consumer<Produced> onAppended = produced -> {};
  private final AtomicReference<Runnable> beforeNextAppend = new AtomicReference<>();

  /** Called with every record once appended (a stand-in projection may apply it). */
  void onAppended(Consumer<Produced> listener) {
    onAppended = listener;
  }

  /** Runs {@code rival} just before the next append: a concurrent write that gets there first. */
  void beforeNextAppend(Runnable rival) {
    beforeNextAppend.set(rival);
  }
}
