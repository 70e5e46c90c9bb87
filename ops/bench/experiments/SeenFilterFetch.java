// The de-duplication lookup with the filter of seen event ids (SeenEventFilter) in front of the
// `event-ids` store, as LeadEventProcessor does it: how fast the filter reads a store of N ids (a
// task's start), and what a lookup of an id that is not there costs then (the filter, and the
// store only when the filter cannot rule the id out). Ids stored within minutes (one segment) or
// over the whole 7-day window (three). docs/benchmarks.md, "A filter of seen event ids in front of
// the de-duplication store". Run (after `mvn package`):
//   mvn -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
//   javac -d /tmp/sff -cp target/classes:$(cat /tmp/cp.txt) ops/bench/experiments/SeenFilterFetch.java
//   java -Xmx2g -cp /tmp/sff:target/classes:$(cat /tmp/cp.txt) ai.buena.leads.projection.SeenFilterFetch 2000000 spread
package ai.buena.leads.projection;

import java.time.Duration;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.*;
import org.apache.kafka.streams.processor.api.*;
import org.apache.kafka.streams.state.*;

public class SeenFilterFetch {
  static final long DAY = 86_400_000L;

  public static void main(String[] a) throws Exception {
    int entries = Integer.parseInt(a[0]);
    boolean spread = a[1].equals("spread");
    Duration window = Duration.ofDays(7);
    StreamsBuilder b = new StreamsBuilder();
    b.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore("event-ids", window, window, false), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled());
    b.stream("in").process(() -> new Processor<Object, Object, Void, Void>() {
      public void init(ProcessorContext<Void, Void> c) {
        WindowStore<String, byte[]> s = c.getStateStore("event-ids");
        long now = 100 * DAY;
        Random r = new Random(1);
        for (int i = 0; i < entries; i++) {
          long ts = spread ? now - (long) ((double) i / entries * 7 * DAY) : now - (entries - i);
          s.put("lead_" + r.nextInt(1_000_000) + "\u0000evt_" + i, new byte[0], ts);
        }
        s.flush();
        for (int round = 0; round < 3; round++) {
          SeenEventFilter filter = new SeenEventFilter(window, Long.MAX_VALUE, "bench");
          long t0 = System.nanoTime();
          filter.startLoading(s.all());
          while (!filter.loadFor(Duration.ofSeconds(1))) { }
          double loadSeconds = (System.nanoTime() - t0) / 1e9;
          System.out.printf("round %d: read %d ids (%s) in %.2f s (%.0f ids/s), filter %d KiB%n", round,
              filter.entriesRead(), spread ? "over 7 days" : "within minutes", loadSeconds,
              filter.entriesRead() / loadSeconds, filter.bytes() >> 10);
          int n = 200_000, fromStore = 0;
          long t = System.nanoTime();
          for (int i = 0; i < n; i++) {
            String key = "lead_" + r.nextInt(1_000_000) + "\u0000evt_x" + i;
            long from = now - 7 * DAY, to = now + 7 * DAY;
            if (filter.mayHold(key, from, to)) {
              fromStore++;
              try (WindowStoreIterator<byte[]> it = s.fetch(key, from, to)) { it.hasNext(); }
            }
          }
          System.out.printf("  %.2f µs per absent-id lookup, %d of %d read from the store%n",
              (System.nanoTime() - t) / 1e3 / n, fromStore, n);
        }
      }
      public void process(org.apache.kafka.streams.processor.api.Record<Object, Object> rec) {}
    }, "event-ids");
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "sff");
    p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArray().getClass());
    p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArray().getClass());
    p.put(StreamsConfig.STATE_DIR_CONFIG, java.nio.file.Files.createTempDirectory("sff").toString());
    p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, "ai.buena.leads.runtime.BoundedRocksDbMemory");
    try (TopologyTestDriver d = new TopologyTestDriver(b.build(), p)) { }
  }
}
