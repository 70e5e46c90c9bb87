package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.runtime.generate.HistoryGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoDataTest {
  @Test
  void shouldStreamTheSeedEventsAndThenTheGeneratedOnes() throws IOException {
    List<String> expected = new ArrayList<>(DemoData.SEED_EVENTS);
    new HistoryGenerator(42, DemoData.WORKSPACE, DemoData.GENERATED_UNTIL).generate(2_000, expected::add);

    List<String> streamed;
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(DemoData.events(2_000), StandardCharsets.UTF_8))) {
      streamed = lines.lines().toList();
    }

    assertThat(streamed).hasSizeGreaterThan(2_000).isEqualTo(expected);
  }

  @Test
  void shouldStopWritingWhenTheReaderClosesEarly() throws IOException {
    InputStream events = DemoData.events(1_000_000);
    assertThat(events.readNBytes(10_000)).hasSize(10_000);

    events.close();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("demo-events")));
  }

  @Test
  void shouldEndTheStreamWithAnErrorWhenTheGeneratorFails() throws IOException {
    IllegalStateException broken = new IllegalStateException("generator broke");
    try (InputStream events =
        DemoData.events(
            lines -> {
              lines.accept("{\"generated\":1}");
              throw broken;
            })) {

      assertThatThrownBy(events::readAllBytes)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("could not be generated")
          .hasCause(broken);
    }
  }
}
