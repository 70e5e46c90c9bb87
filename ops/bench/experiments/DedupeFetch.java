// The de-duplication lookup (LeadEventProcessor.seenWithinWindow: a window fetch over +-7 days of
// the `event-ids` store) for event ids that are not there, the common case, when the store's
// entries arrived within minutes (one segment, as in every benchmark) or over the whole 7-day
// window (three segments of 3.5 days, as in production). docs/benchmarks.md, "The de-duplication
// lookup over 7 days of event ids". Run (after `mvn package`):
//   mvn -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
//   javac -d /tmp/dfb -cp target/classes:$(cat /tmp/cp.txt) ops/bench/experiments/DedupeFetch.java
//   java -Xmx2g -cp /tmp/dfb:target/classes:$(cat /tmp/cp.txt) DedupeFetch 2000000 recent|spread
import java.time.Duration;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.*;
import org.apache.kafka.streams.processor.api.*;
import org.apache.kafka.streams.state.*;

public class DedupeFetch {
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
        long t0 = System.nanoTime();
        for (int i = 0; i < entries; i++) {
          long ts = spread ? now - (long) ((double) i / entries * 7 * DAY) : now - (entries - i);
          s.put("lead_" + r.nextInt(1_000_000) + "\u0000evt_" + i, new byte[0], ts);
        }
        s.flush();
        System.out.printf("%d puts (%s) in %.1f s%n", entries, spread ? "over 7 days" : "within minutes", (System.nanoTime() - t0) / 1e9);
        for (int round = 0; round < 5; round++) {
          long t = System.nanoTime(); int found = 0; int n = 200_000;
          for (int i = 0; i < n; i++) {
            String key = (i % 10 == 0) ? null : "lead_" + r.nextInt(1_000_000) + "\u0000evt_x" + i;
            if (key == null) { key = "lead_0\u0000evt_absent" + i; }
            try (WindowStoreIterator<byte[]> it = s.fetch(key, now - 7 * DAY, now + 7 * DAY)) { if (it.hasNext()) found++; }
          }
          System.out.printf("round %d: %.2f µs per absent-key fetch (found %d)%n", round, (System.nanoTime() - t) / 1e3 / n, found);
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
}
