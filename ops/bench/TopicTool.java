import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Raw records in and out of a topic, for the events differential check (ops/bench/events_differential.py),
 * which must send what the jar's {@code produce} refuses (bad JSON, wrong keys, no key) and read the
 * output topics byte for byte. Run with the service jar on the class path (Java's source launcher):
 *
 * <pre>
 * java -cp target/lead-projection.jar ops/bench/TopicTool.java produce BOOTSTRAP TOPIC FILE
 * java -cp target/lead-projection.jar ops/bench/TopicTool.java dump BOOTSTRAP TOPIC
 * </pre>
 *
 * {@code produce}: each line of FILE is {@code {"key": b64|null, "value": b64|null, "headers":
 * [[name, b64|null], ...], "partition": n|null}}, sent in order with an idempotent producer
 * (acks=all), to the partition given or else the one the Java default partitioner picks; prints one
 * line per record, {@code partition offset}. {@code dump}: every
 * record of the topic, read_committed, from the start to the end it has now, one JSON line each
 * ({@code partition, offset, key, value, headers}, bytes in base64).
 */
public final class TopicTool {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: produce BOOTSTRAP TOPIC FILE | dump BOOTSTRAP TOPIC");
      System.exit(2);
    }
    if (args[0].equals("produce") && args.length == 4) {
      produce(args[1], args[2], Path.of(args[3]));
    } else if (args[0].equals("dump")) {
      dump(args[1], args[2]);
    } else {
      System.err.println("unknown command " + args[0]);
      System.exit(2);
    }
  }

  private static void produce(String bootstrap, String topic, Path file) throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("acks", "all");
    props.put("enable.idempotence", "true");
    props.put("max.request.size", "4000000");
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props);
        BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        JsonNode record = JSON.readTree(line);
        RecordHeaders headers = new RecordHeaders();
        for (JsonNode header : record.path("headers")) {
          headers.add(header.get(0).asText(), bytes(header.get(1)));
        }
        JsonNode partition = record.get("partition");
        Integer chosen = partition == null || partition.isNull() ? null : partition.asInt();
        sent.add(producer.send(
            new ProducerRecord<>(topic, chosen, null, bytes(record.get("key")), bytes(record.get("value")), headers)));
      }
      producer.flush();
      PrintStream out = System.out;
      for (Future<RecordMetadata> one : sent) {
        RecordMetadata metadata = one.get();
        out.println(metadata.partition() + " " + metadata.offset());
      }
    }
  }

  private static void dump(String bootstrap, String topic) throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("isolation.level", "read_committed");
    props.put("enable.auto.commit", "false");
    props.put("max.partition.fetch.bytes", "4000000");
    props.put("key.deserializer", ByteArrayDeserializer.class.getName());
    props.put("value.deserializer", ByteArrayDeserializer.class.getName());
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic, p.partition()))
          .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (!reachedEnds(consumer, ends)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("did not reach the ends " + ends + " within 120 s");
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          ObjectNode line = JSON.createObjectNode();
          line.put("partition", record.partition());
          line.put("offset", record.offset());
          line.put("key", text(record.key()));
          line.put("value", text(record.value()));
          ArrayNode headers = line.putArray("headers");
          for (Header header : record.headers()) {
            headers.addArray().add(header.key()).add(text(header.value()));
          }
          out.println(JSON.writeValueAsString(line));
        }
      }
      out.flush();
    }
  }

  private static boolean reachedEnds(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  private static byte[] bytes(JsonNode node) {
    return node == null || node.isNull() ? null : Base64.getDecoder().decode(node.asText());
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
  }
}
