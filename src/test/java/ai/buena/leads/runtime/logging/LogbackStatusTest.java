package ai.buena.leads.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.ErrorStatus;
import ch.qos.logback.core.status.InfoStatus;
import ch.qos.logback.core.status.WarnStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Logback's own status lines never reach stdout (where {@code keys create} prints the key alone
 * for scripts): the configuration registers a listener, which makes Logback skip its stdout report,
 * and that listener writes warnings and errors to stderr.
 */
class LogbackStatusTest {
  @Test
  void shouldRegisterAStatusListenerSoLogbackPrintsNoReportOnStdout() throws Exception {
    LoggerContext context = new LoggerContext();
    context.putProperty("LOG_FORMAT", "xml");
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);

    configurator.doConfigure(getClass().getResource("/logback.xml"));

    assertThat(context.getStatusManager().getCopyOfStatusListenerList())
        .anyMatch(listener -> listener instanceof StderrStatusListener);
    assertThat(context.getStatusManager().getCopyOfStatusList())
        .anyMatch(status -> status.getMessage().contains("LOG_FORMAT must be text or json, not 'xml'"));
    context.stop();
  }

  @Test
  void shouldWriteLogbacksWarningsAndErrorsOneLineEachAndNothingElse() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    StderrStatusListener listener =
        new StderrStatusListener(new PrintStream(err, true, StandardCharsets.UTF_8));

    listener.addStatusEvent(new InfoStatus("About to instantiate appender", this));
    listener.addStatusEvent(new WarnStatus("a warning", this));
    listener.addStatusEvent(new ErrorStatus("LOG_FORMAT must be text or json, not 'xml': using text", this));

    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "logback WARN: a warning",
            "logback ERROR: LOG_FORMAT must be text or json, not 'xml': using text");
  }
}
