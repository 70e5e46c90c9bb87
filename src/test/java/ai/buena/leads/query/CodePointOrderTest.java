package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CodePointOrderTest {

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

  @Provide
  Arbitrary<String> text() {
    return Arbitraries.oneOf(Arbitraries.strings(), LeadArbitraries.trickyText());
  }

  @Property(tries = 2000)
  void shouldAgreeWithComparingCodePointArrays(@ForAll("text") String a, @ForAll("text") String b) {
    int expected = Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());

    assertThat(Integer.signum(CodePointOrder.compare(a, b))).isEqualTo(Integer.signum(expected));
  }
}
