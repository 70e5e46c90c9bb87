package ai.buena.leads.events;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.testing.Seeded;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BoundedJsonTreeTest {
  private static final ObjectMapper JACKSON = mapper();

  private static ObjectMapper mapper() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(100_000).build())
            .build();
    ObjectMapper mapper = new ObjectMapper(factory);
    mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    mapper.configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    return mapper;
  }

  private static JsonNode bounded(String json) throws IOException {
    try (JsonParser parser = JACKSON.createParser(json)) {
      return BoundedJsonTree.read(parser);
    }
  }

  @Test
  void shouldReportEachRepeatedNameWithItsTopLevelFieldAndPathAndKeepTheLastValue()
      throws IOException {
    List<String> repeated = new ArrayList<>();
    JsonNode tree;
    try (JsonParser parser =
        JACKSON.createParser(
            "{\"a.b\":1,\"a.b\":2,\"c\":{\"k\":1,\"k\":2,\"k\":3},"
                + "\"d\":[{\"x\":1},{\"x\":1,\"x\":2}],\"e\":{\"k\":1},\"f\":[\"k\",\"k\"]}")) {
      tree = BoundedJsonTree.read(parser, (field, path) -> repeated.add(field + " " + path));
    }

    assertThat(repeated).containsExactly("a.b a.b", "c c.k", "c c.k", "d d[1].x");
    assertThat(tree.get("a.b").intValue()).isEqualTo(2);
    assertThat(tree.at("/c/k").intValue()).isEqualTo(3);
    assertThat(tree.at("/d/1/x").intValue()).isEqualTo(2);
  }

  @Test
  void shouldReadAnyJsonWithNumbersUpTo1000CharactersAsJacksonsReadTreeDoes() {
    Seeded.check(
        500,
        random -> {
          String json = value(random, 0);
          try {
            JsonNode expected = JACKSON.readTree(json);
            JsonNode actual = bounded(json);
            assertThat(actual).as(json).isEqualTo(expected);
            assertThat(JACKSON.writeValueAsString(actual))
                .as(json)
                .isEqualTo(JACKSON.writeValueAsString(expected));
          } catch (IOException e) {
            throw new AssertionError(json, e);
          }
        });
  }

  @Test
  void shouldKeepANumberOfOver1000DigitsUnconverted() throws IOException {
    JsonNode tree = bounded("{\"k\":[" + "7".repeat(1_001) + ", 1." + "5".repeat(60_000) + "]}");

    assertThat(BoundedJsonTree.isOverlongNumber(tree.at("/k/0"))).isTrue();
    assertThat(BoundedJsonTree.isOverlongNumber(tree.at("/k/1"))).isTrue();
  }

  @Test
  void shouldConvertEveryNumberJacksonsDefaultLimitReads() throws IOException {
    ObjectMapper defaults = new ObjectMapper();
    defaults.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    defaults.configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    for (String number :
        new String[] {
          "7".repeat(1_000),
          "-" + "7".repeat(1_000),
          "-0." + "0".repeat(998) + "1",
          "1." + "5".repeat(990) + "E-" + "9".repeat(8)
        }) {
      JsonNode tree = bounded("{\"k\":" + number + "}");

      assertThat(tree).as(number).isEqualTo(defaults.readTree("{\"k\":" + number + "}"));
    }
  }

  @Test
  void shouldAnswerNullForNoValue() throws IOException {
    assertThat(bounded("  ")).isNull();
  }

  private static String value(Random random, int depth) {
    int kind = random.nextInt(depth >= 4 ? 6 : 8);
    return switch (kind) {
      case 0 -> "null";
      case 1 -> random.nextBoolean() ? "true" : "false";
      case 2 -> JACKSON.valueToTree("s" + random.nextInt(1000) + "\u00e9\\\"").toString();
      case 3 -> Long.toString(random.nextLong() >> random.nextInt(64));
      case 4 -> integerDigits(random);
      case 5 -> decimal(random);
      case 6 -> array(random, depth);
      default -> object(random, depth);
    };
  }

  private static String integerDigits(Random random) {
    int length = 1 + random.nextInt(random.nextBoolean() ? 20 : 999);
    StringBuilder digits = new StringBuilder(random.nextBoolean() ? "-" : "");
    digits.append(1 + random.nextInt(9));
    for (int i = 1; i < length; i++) {
      digits.append(random.nextInt(10));
    }
    return digits.toString();
  }

  private static String decimal(Random random) {
    String number = (random.nextBoolean() ? "-" : "") + random.nextInt(1000);
    if (random.nextBoolean()) {
      number += "." + random.nextInt(1000) + (random.nextBoolean() ? "00" : "");
    }
    if (random.nextBoolean() || !number.contains(".")) {
      number += (random.nextBoolean() ? "e" : "E") + (random.nextBoolean() ? "-" : "+")
          + random.nextInt(400);
    }
    return number;
  }

  private static String array(Random random, int depth) {
    StringBuilder array = new StringBuilder("[");
    int size = random.nextInt(5);
    for (int i = 0; i < size; i++) {
      array.append(i == 0 ? "" : ", ").append(value(random, depth + 1));
    }
    return array.append("]").toString();
  }

  private static String object(Random random, int depth) {
    StringBuilder object = new StringBuilder("{");
    int size = random.nextInt(5);
    for (int i = 0; i < size; i++) {
      object.append(i == 0 ? "" : ",").append("\"f").append(i).append("\": ");
      object.append(value(random, depth + 1));
    }
    return object.append("}").toString();
  }
}
