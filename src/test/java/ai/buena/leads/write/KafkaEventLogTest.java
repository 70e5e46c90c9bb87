package ai.buena.leads.write;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.buena.leads.clients.KafkaClientConfig;
import ai.buena.leads.query.UnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaEventLogTest {

  @Test
  void shouldRefuseAnAppendAfterTheLogClosedAsUnavailableNotAsAnUnexpectedFailure() {
    KafkaEventLog log =
        new KafkaEventLog(
            KafkaClientConfig.plain("localhost:1"), "lead-events", 6, Duration.ofMillis(500));
    log.close();

    assertThatThrownBy(
            () -> log.append("lead_1", "{}".getBytes(StandardCharsets.UTF_8), Map.of()))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("not sent");
  }
}
