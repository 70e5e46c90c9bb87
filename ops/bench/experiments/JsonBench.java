// A stored lead's JSON encoded (LeadJson.toBytes) and decoded (LeadJson.fromBytes), as the
// processor does for each event: the leads of 100,000 generated histories (98,030 after deletions),
// eight rounds; prints each round's microseconds a lead. docs/benchmarks.md, "A stored lead decoded
// without a map of its fields". Run (after `mvn test-compile`):
//   mvn -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
//   javac -d /tmp/jb -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) ops/bench/experiments/JsonBench.java
//   java -Xmx2g -cp /tmp/jb:target/classes:target/test-classes:$(cat /tmp/cp.txt) JsonBench
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import ai.buena.leads.runtime.generate.HistoryGenerator;
import ai.buena.leads.testing.ReferenceProjection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

public class JsonBench {
  public static void main(String[] args) {
    ReferenceProjection reference = new ReferenceProjection();
    new HistoryGenerator(42, "ws_bench", Instant.parse("2026-01-01T00:00:00Z")).generate(100_000, reference::apply);
    List<Lead> leads = new ArrayList<>(reference.leadsOf("ws_bench").values());
    List<byte[]> stored = new ArrayList<>();
    for (Lead lead : leads) stored.add(LeadJson.toBytes(lead, true));
    long sink = 0;
    for (int round = 0; round < 8; round++) {
      long start = System.nanoTime();
      for (Lead lead : leads) sink += LeadJson.toBytes(lead, true).length;
      long encode = System.nanoTime() - start;
      start = System.nanoTime();
      for (byte[] bytes : stored) sink += LeadJson.fromBytes(bytes).id().length();
      long decode = System.nanoTime() - start;
      System.out.printf("round %d: %d leads, encode %.3f us, decode %.3f us a lead (%d)%n", round, leads.size(), encode / 1e3 / leads.size(), decode / 1e3 / leads.size(), sink % 10);
    }
  }
}
