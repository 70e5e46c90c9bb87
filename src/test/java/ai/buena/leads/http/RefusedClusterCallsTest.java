package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RefusedClusterCallsTest {
  private final AtomicLong nanos = new AtomicLong(1_000);
  private final RefusedClusterCalls refused = new RefusedClusterCalls(nanos::get);
  private final Logger logger = (Logger) LoggerFactory.getLogger(RefusedClusterCalls.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void listen() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void stopListening() {
    logger.detachAppender(logged);
  }

  @Test
  void shouldWarnOfTheFirstRefusalAtOnceAndOfTheNextOnesOncePerMinute() {
    refused.refused("203.0.113.7", "/internal/v1/partials");
    for (int i = 0; i < 500; i++) {
      nanos.addAndGet(1_000_000);
      refused.refused("203.0.113.8", "/internal/v1/leads");
    }
    nanos.addAndGet(RefusedClusterCalls.EVERY.toNanos());
    refused.refused("203.0.113.9", "/internal/v1/rate-counts");

    List<String> lines = logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(logged.list).allMatch(event -> event.getLevel() == Level.WARN);
    assertThat(lines)
        .containsExactly(
            "refused 1 call(s) to internal routes with a wrong or missing cluster secret since"
                + " start; the latest from 203.0.113.7 to /internal/v1/partials",
            "refused 501 call(s) to internal routes with a wrong or missing cluster secret in the"
                + " last minute; the latest from 203.0.113.9 to /internal/v1/rate-counts");
  }
}
