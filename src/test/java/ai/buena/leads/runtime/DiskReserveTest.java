package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DiskReserveTest {
  private static final long MIB = 1L << 20;
  private static final long GIB = 1L << 30;

  @Test
  void shouldKeepATenthOfASmallVolumeFreeByDefault() {
    assertThat(DiskReserve.parse("auto").bytesOn(5 * GIB)).isEqualTo(GIB / 2);
  }

  @Test
  void shouldKeepAtMostOneGibibyteFreeByDefault() {
    assertThat(DiskReserve.parse("auto").bytesOn(500 * GIB)).isEqualTo(GIB);
  }

  @Test
  void shouldReadSizesInMebibytesAndGibibytes() {
    assertThat(DiskReserve.parse("512MiB").bytesOn(500 * GIB)).isEqualTo(512 * MIB);
    assertThat(DiskReserve.parse("2GiB").bytesOn(GIB)).isEqualTo(2 * GIB);
  }

  @Test
  void shouldNeverPauseWithAReserveOfZero() {
    assertThat(DiskReserve.parse("0").off()).isTrue();
    assertThat(DiskReserve.parse("0").bytesOn(500 * GIB)).isZero();
  }

  @Test
  void shouldRefuseSizesWithoutABinaryUnit() {
    assertThatThrownBy(() -> DiskReserve.parse("1G"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("auto, 0 or a size in MiB or GiB");
    assertThatThrownBy(() -> DiskReserve.parse("-5MiB")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DiskReserve.parse("100")).isInstanceOf(IllegalArgumentException.class);
  }
}
