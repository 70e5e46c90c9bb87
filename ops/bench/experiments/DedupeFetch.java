// The de-duplication lookup (LeadEventProcessor.seenWithinWindow: a window fetch over +-7 days of
// the `event-ids` store) for event ids that are not there, the common case, when the store's
// entries arrived within minutes (one segment, as in every benchmark) or over the whole 7-day
// window (three segments of 3.5 days, as in production); `store`: every lookup reads the store (as
// before the filter), `filter`: the filter of seen event ids (SeenEventFilter) reads the store
// first, timed, and each lookup reads the store only when the filter cannot rule the id out.
// docs/benchmarks.md, "The de-duplication lookup over 7 days of event ids" and "A filter of seen
// event ids in front of the de-duplication store". Run (after `mvn package`):
//   mvn -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
//   javac -d /tmp/dfb -cp target/classes:$(cat /tmp/cp.txt) ops/bench/experiments/DedupeFetch.java
//   java -Xmx2g -cp /tmp/dfb:target/classes:$(cat /tmp/cp.txt) ai.buena.leads.projection.DedupeFetch 2000000 recent|spread store|filter
package ai.buena.leads.projection;

import java.time.Duration;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.*;
import org.apache.kafka.streams.processor.api.*;
import org.apache.kafka.streams.state.*;

public class DedupeFetch {
  static final long DAY = 86_400_000L;
  static final Duration WINDOW = Duration.ofDays(7);

  public static void main(String[] a) throws Exception {
    int entries = Integer.parseInt(a[0]);
    boolean spread = a[1].equals("spread");
    boolean filtered = a.length > 2 && a[2].equals("filter");
    StreamsBuilder b = new StreamsBuilder();
    b.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore("event-ids", WINDOW, WINDOW, false), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled());
    b.stream("in").process(() -> new Processor<Object, Object, Void, Void>() {
      public void init(ProcessorContext<Void, Void> c) {
        WindowStore<String, byte[]> s = c.getStateStore("event-ids");
        long now = 100 * DAY;
        Random r = new Random(1);
        long t0 = System.nanoTime();
        for (int i = 0; i < entries; i++) {
          long ts = spread ? now - (long) ((double) i / entries * 7 * DAY) : now - (entries - i);
          s.put("lead_" + r.nextInt(1_000_000) + "\u0000evt_" + i, new byte[0], ts);
        }
        s.flush();
        System.out.printf("%d puts (%s) in %.1f s%n", entries, spread ? "over 7 days" : "within minutes", (System.nanoTime() - t0) / 1e9);
        for (int round = 0; round < 5; round++) {
          SeenEventFilter filter = filtered ? read(s) : null;
          long t = System.nanoTime(); int found = 0; int fromStore = 0; int n = 200_000;
          for (int i = 0; i < n; i++) {
            String key = (i % 10 == 0) ? "lead_0\u0000evt_absent" + i : "lead_" + r.nextInt(1_000_000) + "\u0000evt_x" + i;
            long from = now - 7 * DAY, to = now + 7 * DAY;
            if (filter != null && !filter.mayHold(key, from, to)) {
              continue;
            }
            fromStore++;
            try (WindowStoreIterator<byte[]> it = s.fetch(key, from, to)) { if (it.hasNext()) found++; }
          }
          System.out.printf("round %d: %.2f µs per absent-key lookup (found %d; %d of %d read from the store)%n",
              round, (System.nanoTime() - t) / 1e3 / n, found, fromStore, n);
        }
      }
      public void process(org.apache.kafka.streams.processor.api.Record<Object, Object> rec) {}
    }, "event-ids");
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "dfb");
    p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArray().getClass());
    p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArray().getClass());
    p.put(StreamsConfig.STATE_DIR_CONFIG, java.nio.file.Files.createTempDirectory("dfb").toString());
    p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, "ai.buena.leads.runtime.BoundedRocksDbMemory");
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), p)) { }
  }

  /** A new filter that has read the whole store, as a task's at its start; the read timed. */
  static SeenEventFilter read(WindowStore<String, byte[]> store) {
    SeenEventFilter filter = new SeenEventFilter(WINDOW, new SeenEventFilterMemory(Long.MAX_VALUE), "bench");
    long t0 = System.nanoTime();
    filter.startLoading(store.all());
    while (!filter.loadFor(Duration.ofSeconds(1))) { }
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf("read %d ids into the filter in %.2f s (%.0f ids/s): %d KiB%n",
        filter.entriesRead(), seconds, filter.entriesRead() / seconds, filter.bytes() >> 10);
    return filter;
  }
}
