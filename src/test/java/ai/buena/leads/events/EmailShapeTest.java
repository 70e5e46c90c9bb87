package ai.buena.leads.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written checks of an event's fields against the published schema's patterns. */
class EmailShapeTest {
  /** Chars an address is made of, and each char the rule refuses or treats apart. */
  private static final String[] PIECES = {
    "a", "b", "Z", "0", ".", ".", "@", "@", "-", "+", "é", "\uD83D\uDE00", "\u200B", " ", "\t", "\n",
    "\u000B", "\u0000", "\u001F", "\u007F", "<", ">", "\u0085", "\u00A0", "\u1680", "\u2000", "\u2005",
    "\u200A", "\u2028", "\u2029", "\u202F", "\u205F", "\u3000", "\uFEFF", "\u0080", "\u1FFF", "\u200C"
  };

  @Test
  void shouldAcceptExactlyTheAddressesTheSchemasPatternAccepts() throws IOException {
    Pattern schema = schemaPattern();
    Random random = new Random(7);
    int accepted = 0;
    for (int run = 0; run < 300_000; run++) {
      StringBuilder text = random.nextBoolean() ? address(random) : new StringBuilder();
      int pieces = text.isEmpty() ? random.nextInt(12) : random.nextInt(3);
      for (int i = 0; i < pieces; i++) {
        // inserted anywhere, mostly letters, dots and @
        String piece = random.nextInt(3) == 0 ? PIECES[random.nextInt(PIECES.length)] : PIECES[random.nextInt(7)];
        text.insert(random.nextInt(text.length() + 1), piece);
      }
      String candidate = text.toString();
      boolean expected = schema.matcher(candidate).matches();

      assertThat(EmailShape.matches(candidate)).as("'%s'", candidate).isEqualTo(expected);
      accepted += expected ? 1 : 0;
    }
    assertThat(accepted).isGreaterThan(10_000);
  }

  @Test
  void shouldAcceptAnOrdinaryAddressAndRefuseOneWithAnEmptyLabel() {
    assertThat(EmailShape.matches("sarah.chen@techcorp.com")).isTrue();
    assertThat(EmailShape.matches("sarah@techcorp..com")).isFalse();
    assertThat(EmailShape.matches("sarah@.techcorp.com")).isFalse();
    assertThat(EmailShape.matches("sarah@techcorp.")).isFalse();
    assertThat(EmailShape.matches("@techcorp.com")).isFalse();
    assertThat(EmailShape.matches("sarah@localhost")).isFalse();
  }

  @Test
  void shouldTakeExactlyTheLeadIdsTheSchemasPatternTakes() throws IOException {
    Pattern schema = schemaPattern("id");
    Random random = new Random(11);
    String chars = "aZ09_-.@ é\u00A0/";
    for (int run = 0; run < 100_000; run++) {
      StringBuilder id = new StringBuilder();
      int length = random.nextInt(4) == 0 ? 95 + random.nextInt(10) : random.nextInt(6);
      for (int i = 0; i < length; i++) {
        id.append(chars.charAt(random.nextInt(random.nextInt(5) == 0 ? chars.length() : 4)));
      }

      assertThat(EventParser.isLeadId(id.toString()))
          .as("'%s'", id)
          .isEqualTo(schema.matcher(id).matches());
    }
    assertThat(EventParser.isLeadId(null)).isFalse();
  }

  /** An address of one to three chars and one to three labels of one to three chars. */
  private static StringBuilder address(Random random) {
    String chars = "ab0-é.";
    StringBuilder text = new StringBuilder();
    for (int i = 1 + random.nextInt(3); i > 0; i--) {
      text.append(chars.charAt(random.nextInt(chars.length())));
    }
    text.append('@');
    for (int label = 1 + random.nextInt(3); label > 0; label--) {
      for (int i = 1 + random.nextInt(3); i > 0; i--) {
        text.append(chars.charAt(random.nextInt(chars.length() - 1)));
      }
      text.append(label > 1 ? "." : "");
    }
    return text;
  }

  private static Pattern schemaPattern() throws IOException {
    return schemaPattern("email");
  }

  private static Pattern schemaPattern(String definition) throws IOException {
    String pattern =
        new ObjectMapper()
            .readTree(Path.of("schemas", "lead-fields.schema.json").toFile())
            .at("/$defs/" + definition + "/pattern")
            .asText();
    assertThat(pattern).startsWith("^").endsWith("$");
    return Pattern.compile(pattern);
  }
}
