// The KIP-1071 check of docs/reliability.md. Run: mvn -q -DskipTests package &&
//   java -cp target/lead-projection.jar ops/bench/experiments/Kip1071.java
import ai.buena.leads.runtime.kafka.EmbeddedKafkaBroker;
import java.nio.file.*;
import java.time.Duration;
import java.util.*;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.*;
import org.apache.kafka.streams.kstream.*;

public class Kip1071 {
  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("kip1071");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
         Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic("in", 6, (short) 1))).all().get();
      List<KafkaStreams> all = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        StreamsBuilder b = new StreamsBuilder();
        b.stream("in", Consumed.with(Serdes.String(), Serdes.String())).groupByKey().count(Materialized.as("counts"));
        Properties p = new Properties();
        p.put("application.id", "kip1071");
        p.put("bootstrap.servers", broker.bootstrapServers());
        p.put("state.dir", dir.resolve("state" + i).toString());
        p.put("group.protocol", "streams");
        p.put("num.standby.replicas", 1);
        p.put("application.server", "localhost:" + (7000 + i));
        p.put("consumer.group.instance.id", "inst-" + i);
        p.put("replication.factor", 1);
        KafkaStreams s = new KafkaStreams(b.build(), p);
        long t0 = System.nanoTime();
        int n = i;
        s.setStateListener((now, before) -> System.out.printf("EXP instance %d %s -> %s after %d ms%n", n, before, now, (System.nanoTime() - t0) / 1_000_000));
        s.start();
        all.add(s);
      }
      long deadline = System.currentTimeMillis() + 120_000;
      while (System.currentTimeMillis() < deadline && !all.stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING)) Thread.sleep(200);
      Thread.sleep(5000);
      for (KafkaStreams s : all) {
        for (StreamsMetadata m : s.metadataForAllStreamsClients()) {
          System.out.println("EXP metadata " + m.hostInfo() + " active=" + m.topicPartitions() + " standby=" + m.standbyTopicPartitions());
        }
        System.out.println("EXP state " + s.state());
      }
      var groups = admin.describeStreamsGroups(List.of("kip1071")).all().get();
      groups.values().forEach(g -> g.members().forEach(m -> System.out.println("EXP member " + m.memberId() + " instanceId=" + m.instanceId() + " processId=" + m.processId())));
      all.forEach(s -> s.close(Duration.ofSeconds(10)));
    }
  }
}
