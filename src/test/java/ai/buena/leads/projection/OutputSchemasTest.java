package ai.buena.leads.projection;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.testing.Directories;
import ai.buena.leads.runtime.generate.HistoryGenerator;
import ai.buena.leads.testing.PublishedSchemas;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every value the projection publishes to lead-projections and lead-status-counts, for generated
 * histories of 300 leads (creates, updates, contacts, deletions), agrees with its published schema.
 */
class OutputSchemasTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private TopologyTestDriver driver;
  private final List<KeyValue<String, byte[]>> projections = new ArrayList<>();
  private final List<KeyValue<String, byte[]>> statusCounts = new ArrayList<>();

  @BeforeEach
  void project() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "output-schemas-test");
    props.put(StreamsConfig.STATE_DIR_CONFIG, Directories.freshStateDir());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    driver = new TopologyTestDriver(LeadTopology.build(Duration.ofDays(7), new ProjectionMetrics()), props, T0);
    TestInputTopic<byte[], byte[]> events =
        driver.createInputTopic(Names.LEAD_EVENTS, new ByteArraySerializer(), new ByteArraySerializer());
    new HistoryGenerator(5, "ws_schemas", T0)
        .generateInterleaved(
            300,
            line -> {
              String leadId = parse(line).get("leadId").asText();
              events.pipeInput(utf8(leadId), utf8(line));
            });
    projections.addAll(
        driver
            .createOutputTopic(Names.LEAD_PROJECTIONS, new StringDeserializer(), new ByteArrayDeserializer())
            .readKeyValuesToList());
    statusCounts.addAll(
        driver
            .createOutputTopic(Names.LEAD_STATUS_COUNTS, new StringDeserializer(), new ByteArrayDeserializer())
            .readKeyValuesToList());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void shouldPublishLeadValuesThatAgreeWithTheLeadProjectionSchema() {
    List<KeyValue<String, byte[]>> values = projections.stream().filter(kv -> kv.value != null).toList();

    assertThat(values).hasSizeGreaterThan(300);
    assertThat(values)
        .allSatisfy(
            kv -> {
              JsonNode lead = parse(new String(kv.value, StandardCharsets.UTF_8));
              assertThat(PublishedSchemas.problems("lead-projection.schema.json", lead)).isEmpty();
              assertThat(lead.get("id").asText()).isEqualTo(kv.key);
            });
  }

  @Test
  void shouldPublishATombstoneKeyedByLeadIdForEveryDeletedLead() {
    assertThat(projections.stream().filter(kv -> kv.value == null)).isNotEmpty().allSatisfy(kv -> assertThat(kv.key).startsWith("lead_"));
  }

  @Test
  void shouldPublishStatusCountsThatAgreeWithTheStatusCountsSchema() {
    assertThat(statusCounts).isNotEmpty();
    assertThat(statusCounts)
        .allSatisfy(
            kv -> {
              JsonNode counts = parse(new String(kv.value, StandardCharsets.UTF_8));
              assertThat(PublishedSchemas.problems("lead-status-counts.schema.json", counts)).isEmpty();
              assertThat(counts.get("workspaceId").asText()).isEqualTo(kv.key);
            });
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new AssertionError(json, e);
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
