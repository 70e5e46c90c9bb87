package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryStringTest {

  @Test
  void decodesAPlusAndAPercentEncodedSpaceAlikeAsASpace() {
    assertThat(QueryString.decode("a=john+software&b=john%20software").orElseThrow())
        .containsExactly(
            entry("a", List.of("john software")), entry("b", List.of("john software")));
  }

  @Test
  void keepsEveryValueOfARepeatedNameInOrder() {
    assertThat(QueryString.decode("limit=5&page=1&limit=6").orElseThrow())
        .containsExactly(entry("limit", List.of("5", "6")), entry("page", List.of("1")));
  }

  @Test
  void keepsAnEmptyValueAndANameWithoutEqualsAsEmptyValues() {
    assertThat(QueryString.decode("status=&source").orElseThrow())
        .containsExactly(entry("status", List.of("")), entry("source", List.of("")));
  }

  @Test
  void splitsOnlyOnTheFirstEqualsSign() {
    assertThat(QueryString.decode("search=a=b").orElseThrow())
        .containsExactly(entry("search", List.of("a=b")));
  }

  @Test
  void skipsEmptyPairs() {
    assertThat(QueryString.decode("&&page=2&").orElseThrow())
        .containsExactly(entry("page", List.of("2")));
  }

  @Test
  void decodesPercentEncodedUtf8AndKeepsUnencodedCharacters() {
    String raw = "company=M%C3%BCller&title=%F0%9F%98%80&city=K\u00f6ln";

    assertThat(QueryString.decode(raw).orElseThrow())
        .containsExactly(
            entry("company", List.of("Müller")),
            entry("title", List.of("\uD83D\uDE00")),
            entry("city", List.of("K\u00f6ln")));
  }

  @Test
  void decodesAnEncodedPlusAsAPlus() {
    assertThat(QueryString.decode("d=2024-01-20T15:30:00%2B02:00").orElseThrow())
        .containsExactly(entry("d", List.of("2024-01-20T15:30:00+02:00")));
  }

  @Test
  void answersNothingForNoQueryString() {
    assertThat(QueryString.decode(null).orElseThrow()).isEmpty();
    assertThat(QueryString.decode("").orElseThrow()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"search=%zz", "search=100%", "search=%4", "x%=1", "q=%C3%28", "q=%FF"})
  void refusesMalformedEscapesAndBytesThatAreNotUtf8(String raw) {
    assertThat(QueryString.decode(raw)).isEmpty();
  }

  @Test
  void keepsAMalformedValueAsNullAndSkipsAMalformedName() {
    Map<String, List<String>> params =
        QueryString.decodeKeepingMalformed("search=%zz&x%=1&status=new&q=%C3%28");

    assertThat(params).containsOnlyKeys("search", "status", "q");
    assertThat(params.get("search")).containsExactly((String) null);
    assertThat(params.get("status")).containsExactly("new");
    assertThat(params.get("q")).containsExactly((String) null);
  }

  @Test
  void refusesHexDigitsOutsideAscii() {
    assertThat(QueryString.decode("q=%\u0663\u0663")).isEmpty();
  }
}
