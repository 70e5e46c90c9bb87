// Event parsing alone (EventParser.parseUnkeyed, as the publisher and the processor each run it):
// the generator's events for 100,000 leads (309,152), parsed eight times in a row; prints each
// round's microseconds an event. docs/benchmarks.md, "Ordered lists of doc numbers; event fields
// checked without regular expressions". Run (after `mvn package`):
//   mvn -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
//   javac -d /tmp/pb -cp target/classes:$(cat /tmp/cp.txt) ops/bench/experiments/ParseBench.java
//   java -Xmx2g -cp /tmp/pb:target/classes:$(cat /tmp/cp.txt) ParseBench
import ai.buena.leads.events.EventParser;
import ai.buena.leads.events.ParseResult;
import ai.buena.leads.runtime.generate.HistoryGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

public class ParseBench {
  public static void main(String[] args) {
    List<byte[]> lines = new ArrayList<>();
    new HistoryGenerator(42, "ws_bench", Instant.parse("2026-01-01T00:00:00Z")).generate(100_000, l -> lines.add(l.getBytes(StandardCharsets.UTF_8)));
    EventParser parser = new EventParser();
    for (int round = 0; round < 8; round++) {
      long start = System.nanoTime();
      int valid = 0;
      for (byte[] line : lines) {
        if (parser.parseUnkeyed(line) instanceof ParseResult.Valid) valid++;
      }
      long took = System.nanoTime() - start;
      System.out.printf("round %d: %d events, %d valid, %.2f us an event%n", round, lines.size(), valid, took / 1e3 / lines.size());
    }
  }
}
