package ai.buena.leads.runtime.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The production {@code logback.xml} (src/main/resources) loaded into a context of its own, with
 * the given properties standing in for environment variables, and what it wrote to stderr.
 */
final class ConfiguredLogging {
  private ConfiguredLogging() {}

  @SuppressWarnings("unchecked")
  static List<String> stderrLines(Map<String, String> properties, Consumer<LoggerContext> logging) {
    URL config = ConfiguredLogging.class.getResource("/logback.xml");
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    properties.forEach(context::putProperty);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(config);
      // this context's stderr appender writes here, not System.err: swapping System.err would also
      // catch what other threads log through the test JVM's own logging meanwhile
      OutputStreamAppender<ILoggingEvent> stderr =
          (OutputStreamAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
      stderr.setOutputStream(new PrintStream(captured, true, StandardCharsets.UTF_8));
      logging.accept(context);
    } catch (JoranException e) {
      throw new IllegalStateException(e);
    } finally {
      context.stop();
    }
    return Arrays.stream(captured.toString(StandardCharsets.UTF_8).split("\n"))
        .filter(line -> !line.isBlank())
        .toList();
  }
}
