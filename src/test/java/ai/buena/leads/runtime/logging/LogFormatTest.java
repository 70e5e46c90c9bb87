package ai.buena.leads.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldWriteAnErrorAsOneJsonLineWithItsFieldsAndStackTraceWhenLogFormatIsJson()
      throws Exception {
    List<String> lines =
        ConfiguredLogging.stderrLines(
            Map.of("LOG_FORMAT", "json"),
            context ->
                context
                    .getLogger("ai.buena.leads.http.ErrorResponses")
                    .error(
                        "unexpected {} on GET /api/v2/leads",
                        "java.lang.IllegalStateException",
                        new IllegalStateException("store corrupted")));

    assertThat(lines).hasSize(1);
    JsonNode line = JSON.readTree(lines.get(0));
    assertThat(line.path("timestamp").isIntegralNumber()).isTrue();
    assertThat(line.path("level").asText()).isEqualTo("ERROR");
    assertThat(line.path("loggerName").asText()).isEqualTo("ai.buena.leads.http.ErrorResponses");
    assertThat(line.path("threadName").asText()).isEqualTo(Thread.currentThread().getName());
    assertThat(line.path("formattedMessage").asText())
        .isEqualTo("unexpected java.lang.IllegalStateException on GET /api/v2/leads");
    JsonNode throwable = line.path("throwable");
    assertThat(throwable.path("className").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(throwable.path("message").asText()).isEqualTo("store corrupted");
    assertThat(throwable.path("stepArray").findValuesAsText("methodName"))
        .contains("shouldWriteAnErrorAsOneJsonLineWithItsFieldsAndStackTraceWhenLogFormatIsJson");
  }

  @Test
  void shouldWriteOneJsonObjectPerLineWithoutAThrowableWhenTheEventHasNone() throws Exception {
    List<String> lines =
        ConfiguredLogging.stderrLines(
            Map.of("LOG_FORMAT", "json"),
            context -> {
              context.getLogger("ai.buena.leads.runtime.Main").info("first");
              context.getLogger("ai.buena.leads.runtime.Main").info("second \"quoted\"\nline");
            });

    assertThat(lines).hasSize(2);
    assertThat(JSON.readTree(lines.get(1)).path("formattedMessage").asText())
        .isEqualTo("second \"quoted\"\nline");
    assertThat(JSON.readTree(lines.get(0)).path("throwable").isObject()).isFalse();
  }

  @Test
  void shouldWriteTextLinesWithTheStackTraceByDefault() {
    List<String> lines =
        ConfiguredLogging.stderrLines(
            Map.of(),
            context ->
                context
                    .getLogger("ai.buena.leads.runtime.ProjectionService")
                    .error("stream thread failed, replacing it", new IllegalStateException("boom")));

    assertThat(lines.get(0))
        .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR ProjectionService - stream thread failed, replacing it");
    assertThat(lines.get(1)).isEqualTo("java.lang.IllegalStateException: boom");
    assertThat(lines.get(2)).contains("at ai.buena.leads.runtime.logging.LogFormatTest");
  }

  @Test
  void shouldFallBackToTextForAnUnknownLogFormat() {
    List<String> lines =
        ConfiguredLogging.stderrLines(
            Map.of("LOG_FORMAT", "xml"),
            context -> context.getLogger("ai.buena.leads.runtime.Main").warn("still logged"));

    assertThat(lines).anyMatch(line -> line.endsWith("WARN  Main - still logged"));
  }
}
