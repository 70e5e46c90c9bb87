package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.InvalidSessionTimeoutException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

/** Which stream-thread failures are a missing ACL: the projection stops instead of spinning. */
class RefusedByKafkaTest {
  @Test
  void shouldFindARefusedTransactionalIdUnderTheStreamsWrapping() {
    Throwable failure =
        new StreamsException(
            new KafkaException("commit failed", new TransactionalIdAuthorizationException("app-1")));

    assertThat(ProjectionService.refusedByKafka(failure)).isPresent();
  }

  @Test
  void shouldFindARefusedGroup() {
    assertThat(ProjectionService.refusedByKafka(GroupAuthorizationException.forGroupId("app"))).isPresent();
  }

  @Test
  void shouldTakeARefusedSessionTimeoutForASettingOnlyARestartChanges() {
    Throwable failure =
        new KafkaException(
            "JoinGroup failed", new InvalidSessionTimeoutException("not within the broker's range"));

    assertThat(ProjectionService.sessionTimeoutRefused(failure)).isTrue();
  }

  @Test
  void shouldNotTakeATimeoutForARefusedSessionTimeout() {
    assertThat(ProjectionService.sessionTimeoutRefused(new StreamsException(new TimeoutException("slow")))).isFalse();
  }

  @Test
  void shouldNotTakeATimeoutForARefusal() {
    assertThat(ProjectionService.refusedByKafka(new StreamsException(new TimeoutException("slow")))).isEmpty();
  }
}
