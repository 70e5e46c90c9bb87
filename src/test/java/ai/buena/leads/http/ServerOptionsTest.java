package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerOptionsTest {

  @Test
  void shouldAdmitFourRequestsInFlightPerProcessor() {
    assertThat(ServerOptions.maxInFlightFor(4)).isEqualTo(16);
  }

  @Test
  void shouldAdmitAtLeastEightRequestsInFlightOnSmallMachines() {
    assertThat(ServerOptions.maxInFlightFor(1)).isEqualTo(8);
    assertThat(ServerOptions.maxInFlightFor(2)).isEqualTo(8);
  }

  @Test
  void shouldUseThatDefaultWhenNothingIsConfigured() {
    assertThat(ServerOptions.defaults().maxInFlight())
        .isEqualTo(ServerOptions.maxInFlightFor(Runtime.getRuntime().availableProcessors()));
  }
}
