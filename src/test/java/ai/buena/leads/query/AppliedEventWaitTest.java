package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.buena.leads.consistency.AppliedOffsets;
import ai.buena.leads.consistency.ConsistencyToken;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AppliedEventWaitTest {

  @Test
  void shouldTellTheClusterNotToAskAgainWhenTheTokensEventWasNotProcessedInTime() {
    AppliedOffsets offsets = new AppliedOffsets(4, Duration.ofMillis(20));

    assertThatThrownBy(() -> AppliedEventWait.await(offsets, ConsistencyToken.of(0, 10)))
        .isInstanceOfSatisfying(
            UnavailableException.class,
            e -> assertThat(e.otherCopiesMayAnswer()).isFalse());
  }
}
