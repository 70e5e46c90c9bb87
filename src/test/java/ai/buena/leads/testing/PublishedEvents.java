package ai.buena.leads.testing;

import ai.buena.leads.runtime.EventPublisher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;

/** NDJSON event lines published through the produce path, every one of them or a failed test. */
public final class PublishedEvents {
  private static final int CHUNK = 20_000;

  private PublishedEvents() {}

  /** Publishes {@code lines} to {@code lead-events}; fails on any rejection or unsent line. */
  public static void publishAll(String bootstrapServers, List<String> lines) {
    try (EventPublisher publisher = new EventPublisher(bootstrapServers)) {
      for (int from = 0; from < lines.size(); from += CHUNK) {
        publishAll(publisher, lines.subList(from, Math.min(lines.size(), from + CHUNK)));
      }
    }
  }

  /** Publishes {@code lines} through an open publisher; fails on any rejection or unsent line. */
  public static void publishAll(EventPublisher publisher, List<String> lines) {
    try {
      EventPublisher.Report report =
          publisher.publish(
              new BufferedReader(new StringReader(String.join("\n", lines))),
              rejection -> {
                throw new IllegalStateException("event rejected: " + rejection);
              });
      if (report.sent() != lines.size()) {
        throw new IllegalStateException("sent " + report.sent() + " of " + lines.size() + " events");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
