package ai.buena.leads.runtime.logging;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Clock;

/**
 * With {@code LOG_FORMAT=json}, the commands' own lines on stderr (a failure's one line) as JSON
 * objects of the log's shape, so a JSON log pipeline reads them too: {@code timestamp} (epoch
 * milliseconds), {@code level} ERROR, {@code loggerName}, {@code formattedMessage}.
 */
public final class JsonLineWriter extends Writer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;
  private final Clock clock;
  private final String loggerName;
  private final StringBuilder line = new StringBuilder();

  public JsonLineWriter(PrintStream out, Clock clock, String loggerName) {
    this.out = out;
    this.clock = clock;
    this.loggerName = loggerName;
  }

  @Override
  public synchronized void write(char[] chars, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      char c = chars[i];
      if (c == '\n') {
        emit();
      } else if (c != '\r') {
        line.append(c);
      }
    }
  }

  @Override
  public synchronized void flush() {
    out.flush();
  }

  @Override
  public synchronized void close() {
    if (line.length() > 0) {
      emit();
    }
    out.flush();
  }

  private void emit() {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.getFactory().createGenerator(text)) {
      json.writeStartObject();
      json.writeNumberField("timestamp", clock.millis());
      json.writeStringField("level", "ERROR");
      json.writeStringField("loggerName", loggerName);
      json.writeStringField("formattedMessage", line.toString());
      json.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("a JSON line could not be written", e);
    }
    out.println(text);
    line.setLength(0);
  }
}
