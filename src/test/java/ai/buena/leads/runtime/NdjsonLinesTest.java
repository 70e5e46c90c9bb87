package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.EventError;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonLinesTest {
  @Test
  void shouldGiveEachLinesBytesWithoutItsLineEnd() throws IOException {
    assertThat(texts(lines("{\"a\":1}\r\n{\"b\":\"é\"}\n{\"c\":3}", 100)))
        .containsExactly("{\"a\":1}", "{\"b\":\"é\"}", "{\"c\":3}");
  }

  @Test
  void shouldDropAByteOrderMarkBeforeTheFirstLineOnly() throws IOException {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    input.write(bom);
    input.write("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8));
    input.write(bom);
    input.write("{\"b\":2}\n".getBytes(StandardCharsets.UTF_8));

    List<NdjsonLines.Line> lines = lines(input.toByteArray(), 100);

    assertThat(new String(lines.get(0).bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    assertThat(lines.get(1).bytes()).startsWith(bom);
  }

  @Test
  void shouldRefuseALineThatIsNotUtf8AndGoOnWithTheNext() throws IOException {
    byte[] latin1 = "{\"lastName\":\"Müller\"}\n{\"ok\":true}\n".getBytes(StandardCharsets.ISO_8859_1);

    List<NdjsonLines.Line> lines = lines(latin1, 100);

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).number()).isEqualTo(1);
    assertThat(lines.get(0).bytes()).isNull();
    assertThat(lines.get(0).code()).isEqualTo(EventError.INVALID_JSON);
    assertThat(new String(lines.get(1).bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
  }

  @Test
  void shouldRefuseALineLongerThanTheLimitWithoutHoldingItAndGoOn() throws IOException {
    String longLine = "x".repeat(300_000);

    List<NdjsonLines.Line> lines = lines((longLine + "\n{}\n").getBytes(StandardCharsets.UTF_8), 1_000);

    assertThat(lines.get(0).code()).isEqualTo(EventError.TOO_LARGE);
    assertThat(lines.get(0).problem()).contains("300000 bytes");
    assertThat(lines.get(1).number()).isEqualTo(2);
    assertThat(lines.get(1).bytes()).containsExactly('{', '}');
  }

  @Test
  void shouldNumberBlankLinesToo() throws IOException {
    List<NdjsonLines.Line> lines = lines("{}\n\n  \n{}", 100);

    assertThat(lines).extracting(NdjsonLines.Line::blank).containsExactly(false, true, true, false);
    assertThat(lines.get(3).number()).isEqualTo(4);
  }

  private static List<NdjsonLines.Line> lines(String text, int maxBytes) throws IOException {
    return lines(text.getBytes(StandardCharsets.UTF_8), maxBytes);
  }

  private static List<NdjsonLines.Line> lines(byte[] input, int maxBytes) throws IOException {
    NdjsonLines reader = new NdjsonLines(new ByteArrayInputStream(input), maxBytes);
    List<NdjsonLines.Line> lines = new ArrayList<>();
    for (NdjsonLines.Line line = reader.next(); line != null; line = reader.next()) {
      lines.add(line);
    }
    return lines;
  }

  private static List<String> texts(List<NdjsonLines.Line> lines) {
    return lines.stream().map(line -> new String(line.bytes(), StandardCharsets.UTF_8)).toList();
  }
}
