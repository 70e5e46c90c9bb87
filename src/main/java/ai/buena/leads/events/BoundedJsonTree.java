package ai.buena.leads.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.IOException;
import java.util.function.BiConsumer;

/**
 * Reads one JSON value into a tree as {@code ObjectMapper.readTree} does with {@code
 * USE_BIG_DECIMAL_FOR_FLOATS} (a fraction or exponent as a {@code BigDecimal}, as written), except
 * for a number of more than {@value #MAX_NUMBER_DIGITS} digits: it is not converted (Jackson
 * takes tens of milliseconds for one of 64 KiB, as {@code BigInteger} parsing is quadratic) but
 * kept as an {@link OverlongNumber} node, which no field rule accepts. So a body with such a number
 * gets every one of its problems named, that number's among them. The parser must allow numbers as
 * long as the input (its {@code maxNumberLength}); nothing but this class converts them.
 */
public final class BoundedJsonTree {
  /**
   * The most digits of a number converted, as Jackson's default {@code maxNumberLength} (which the
   * event parser keeps): a number with more is named, not converted.
   */
  public static final int MAX_NUMBER_DIGITS = 1_000;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** What stands for a number of more than {@value #MAX_NUMBER_DIGITS} digits. */
  public record OverlongNumber(int characters) {}

  private BoundedJsonTree() {}

  /** The value at the parser's next token, or null when there is none. */
  public static JsonNode read(JsonParser parser) throws IOException {
    return read(parser, null);
  }

  /**
   * {@link #read(JsonParser)}, for a parser without strict duplicate detection: an object's name
   * given twice keeps its last value, and {@code duplicates} gets, once per repetition, the name
   * of the top-level object's field it is in and its path ({@code email}, {@code customFields.k},
   * {@code tags[2].x}).
   */
  public static JsonNode read(JsonParser parser, BiConsumer<String, String> duplicates)
      throws IOException {
    JsonToken token = parser.nextToken();
    return token == null ? null : value(parser, token, duplicates, null);
  }

  /** The digits of the number at the parser, as Jackson's {@code maxNumberLength} counts them. */
  private static int digits(JsonParser parser) throws IOException {
    char[] text = parser.getTextCharacters();
    int end = parser.getTextOffset() + parser.getTextLength();
    int digits = 0;
    for (int at = parser.getTextOffset(); at < end; at++) {
      if (text[at] >= '0' && text[at] <= '9') {
        digits++;
      }
    }
    return digits;
  }

  /** Whether {@code node} stands for a number too long to convert. */
  public static boolean isOverlongNumber(JsonNode node) {
    return node instanceof POJONode pojo && pojo.getPojo() instanceof OverlongNumber;
  }

  /**
   * @param duplicates null when names are not tracked
   * @param path where the value is, for {@code duplicates}; null at the top or when not tracked
   */
  private static JsonNode value(
      JsonParser parser, JsonToken token, BiConsumer<String, String> duplicates, Path path)
      throws IOException {
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() != JsonToken.END_OBJECT) {
          String name = parser.currentName();
          Path inner = duplicates == null ? null : new Path(path, name, -1);
          JsonNode earlier =
              object.replace(name, value(parser, parser.nextToken(), duplicates, inner));
          if (earlier != null && duplicates != null) {
            duplicates.accept(inner.field(), inner.toString());
          }
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        for (JsonToken next = parser.nextToken();
            next != JsonToken.END_ARRAY;
            next = parser.nextToken()) {
          Path inner = duplicates == null ? null : new Path(path, null, array.size());
          array.add(value(parser, next, duplicates, inner));
        }
        return array;
      }
      case VALUE_STRING -> {
        return NODES.textNode(parser.getText());
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return number(parser, token);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> throw new IllegalStateException("not a JSON value: " + token);
    }
  }

  /**
   * Where a value is: a name in an object or an index in an array, below its parent. Its text is
   * made only for a repeated name, so tracking costs one small object per value, whatever the
   * names' lengths and the nesting.
   */
  private record Path(Path parent, String name, int index) {
    /** The top-level object's field this path is in (empty for a value of a top-level array). */
    String field() {
      Path top = this;
      while (top.parent != null) {
        top = top.parent;
      }
      return top.name == null ? "" : top.name;
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder();
      append(text);
      return text.toString();
    }

    private void append(StringBuilder text) {
      if (parent != null) {
        parent.append(text);
      }
      if (name == null) {
        text.append('[').append(index).append(']');
      } else {
        text.append(parent == null ? "" : ".").append(name);
      }
    }
  }

  private static JsonNode number(JsonParser parser, JsonToken token) throws IOException {
    int characters = parser.getTextLength();
    // besides its digits a number has at most a sign, a point, an e and the exponent's sign; the
    // text of a long one is not asked for (that would copy it, bounded by maxStringLength)
    if (characters > MAX_NUMBER_DIGITS
        && (characters > MAX_NUMBER_DIGITS + 4 || digits(parser) > MAX_NUMBER_DIGITS)) {
      return NODES.pojoNode(new OverlongNumber(characters));
    }
    if (token == JsonToken.VALUE_NUMBER_FLOAT) {
      return DecimalNode.valueOf(parser.getDecimalValue());
    }
    return switch (parser.getNumberType()) {
      case INT -> IntNode.valueOf(parser.getIntValue());
      case LONG -> LongNode.valueOf(parser.getLongValue());
      default -> BigIntegerNode.valueOf(parser.getBigIntegerValue());
    };
  }
}
