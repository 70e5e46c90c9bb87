package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.index.CodePointOrder;
import ai.buena.leads.testing.Gen;
import ai.buena.leads.testing.Seeded;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CodePointOrderTest {
  private static final Gen<String> TEXT =
      Gen.oneOf(Gen.anyText(0, 255), RandomLeads.trickyText());

  @Test
  void shouldPutASupplementaryCharacterAfterTheLastBmpCharacters() {
    assertThat(CodePointOrder.compare("\uD800\uDC00", "\uFFFF")).isPositive();
    assertThat(CodePointOrder.compare("\uFFFF", "\uD800\uDC00")).isNegative();
  }

  @Test
  void shouldPutAPrefixFirst() {
    assertThat(CodePointOrder.compare("ab", "abc")).isNegative();
    assertThat(CodePointOrder.compare("abc", "ab")).isPositive();
    assertThat(CodePointOrder.compare("", "a")).isNegative();
  }

  @Test
  void shouldFindEqualStringsEqual() {
    assertThat(CodePointOrder.compare("a\uD83D\uDE00", "a\uD83D\uDE00")).isZero();
  }

  @Test
  void shouldAgreeWithComparingCodePointArrays() {
    Seeded.check(
        2000,
        random -> {
          String a = TEXT.next(random);
          String b = TEXT.next(random);
          int expected = Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());

          assertThat(Integer.signum(CodePointOrder.compare(a, b)))
              .as(() -> "compare(" + escaped(a) + ", " + escaped(b) + ")")
              .isEqualTo(Integer.signum(expected));
        });
  }

  /** The text with every character outside printable ASCII as a Java escape, to read it in a report. */
  private static String escaped(String text) {
    StringBuilder escaped = new StringBuilder("\"");
    text.chars()
        .forEach(
            c -> {
              if (c >= 0x20 && c < 0x7F) {
                escaped.append((char) c);
              } else {
                escaped.append(String.format("\\u%04X", c));
              }
            });
    return escaped.append('"').toString();
  }
}
