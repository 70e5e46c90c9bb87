package ai.buena.leads.lead;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of {@link LeadJson} over generated leads. Each case is one fixed seed, so a failure names
 * the seed that reproduces it. Generated values are those the event parser can produce: integral
 * custom numbers within {@code long} are {@code Long}, every other number a {@code BigDecimal}.
 */
class LeadJsonRoundTripTest {
  private static final int CASES = 300;
  private static final List<String> API_FIELDS = List.of(
      "id", "firstName", "lastName", "email", "linkedinUrl", "company", "title", "phone", "location",
      "status", "source", "notes", "tags", "customFields", "createdAt", "updatedAt", "lastContactedAt");
  private static final ObjectMapper JSON = new ObjectMapper();

  static IntStream seeds() {
    return IntStream.range(0, CASES);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldReadBackEveryLeadItWrites(int seed) {
    Lead lead = new Generator(seed).lead();

    assertThat(LeadJson.fromBytes(LeadJson.toBytes(lead, true))).isEqualTo(lead);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldWriteTheSameBytesAfterReadingThemBack(int seed) {
    byte[] bytes = LeadJson.toBytes(new Generator(seed).lead(), true);

    assertThat(LeadJson.toBytes(LeadJson.fromBytes(bytes), true)).isEqualTo(bytes);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldWriteExactlyTheApiFieldsInTheApiOrder(int seed) throws IOException {
    byte[] bytes = LeadJson.toBytes(new Generator(seed).lead(), false);

    List<String> names = new ArrayList<>();
    JSON.readTree(bytes).fieldNames().forEachRemaining(names::add);
    assertThat(names).isEqualTo(API_FIELDS);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldOnlyAppendWorkspaceIdWhenAsked(int seed) throws IOException {
    Lead lead = new Generator(seed).lead();
    byte[] without = LeadJson.toBytes(lead, false);
    byte[] with = LeadJson.toBytes(lead, true);

    String suffix = ",\"workspaceId\":" + JSON.writeValueAsString(lead.workspaceId()) + "}";
    assertThat(new String(with, UTF_8))
        .isEqualTo(new String(without, 0, without.length - 1, UTF_8) + suffix);
  }

  /** Random leads from one seed, covering every field type and awkward text. */
  static final class Generator {
    private static final String ID_CHARS =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    private static final long MIN_SECOND = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    private static final long MAX_SECOND = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    private final Random random;

    Generator(long seed) {
      this.random = new Random(seed);
    }

    Lead lead() {
      return new Lead(
          id(), id(), text(), text(), text(), text(), text(), text(), text(), text(),
          pick(LeadStatus.values()), pick(LeadSource.values()), text(), tags(), customFields(),
          instant(), instant(), random.nextInt(3) == 0 ? null : instant());
    }

    private String id() {
      StringBuilder id = new StringBuilder();
      int length = 1 + random.nextInt(100);
      for (int i = 0; i < length; i++) {
        id.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
      }
      return id.toString();
    }

    /** Null a quarter of the time. */
    private String text() {
      return random.nextInt(4) == 0 ? null : string(random.nextInt(40));
    }

    private String string(int codePoints) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < codePoints; i++) {
        text.appendCodePoint(codePoint());
      }
      return text.toString();
    }

    private int codePoint() {
      return switch (random.nextInt(9)) {
        case 0 -> random.nextInt(0x20); // control characters
        case 1 -> oneOf('"', '\\', '/', '\u2028', '\u2029', '\u007f');
        case 2 -> 0xa0 + random.nextInt(0x100); // Latin-1 and Latin Extended
        case 3 -> 0x4e00 + random.nextInt(0x5000); // CJK
        case 4 -> 0x5d0 + random.nextInt(27); // Hebrew (right to left)
        case 5 -> 0x300 + random.nextInt(0x70); // combining marks
        case 6 -> 0x1f300 + random.nextInt(0x700); // emoji, outside the BMP
        default -> 0x20 + random.nextInt(0x5f); // printable ASCII
      };
    }

    private List<String> tags() {
      List<String> tags = new ArrayList<>();
      int count = random.nextInt(51);
      for (int i = 0; i < count; i++) {
        tags.add(string(random.nextInt(51)));
      }
      return tags;
    }

    private Map<String, Object> customFields() {
      Map<String, Object> fields = new LinkedHashMap<>();
      int count = random.nextInt(51);
      while (fields.size() < count) {
        fields.put(string(1 + random.nextInt(100)), customValue());
      }
      return fields;
    }

    private Object customValue() {
      return switch (random.nextInt(7)) {
        case 0 -> string(random.nextInt(60));
        case 1 -> random.nextBoolean();
        case 2 -> random.nextLong();
        case 3 -> (long) random.nextInt(2000) - 1000;
        case 4 -> BigDecimal.valueOf(random.nextLong(), 1 + random.nextInt(20)); // decimal, scale kept
        case 5 -> BigDecimal.valueOf(1 + random.nextInt(999), -1 - random.nextInt(30)); // exponent
        default -> new BigDecimal(BigInteger.valueOf(Long.MAX_VALUE)
            .add(BigInteger.ONE)
            .add(new BigInteger(100, random))
            .multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1))); // integer beyond long
      };
    }

    private Instant instant() {
      long second = MIN_SECOND + (long) (random.nextDouble() * (MAX_SECOND - MIN_SECOND));
      int nanos = switch (random.nextInt(3)) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1_000_000;
        default -> random.nextInt(1_000_000_000);
      };
      return Instant.ofEpochSecond(second, nanos);
    }

    @SafeVarargs
    private <T> T pick(T... values) {
      return values[random.nextInt(values.length)];
    }

    private int oneOf(char... values) {
      return values[random.nextInt(values.length)];
    }
  }
}
