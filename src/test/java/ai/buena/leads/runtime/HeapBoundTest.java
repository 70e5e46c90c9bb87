package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeapBoundTest {
  private static final long SIX_GIB = 6L * 1024 * 1024 * 1024;

  @Test
  void shouldWarnWithTheDefaultHeapWhenNoOptionBoundsIt() {
    assertThat(HeapBound.warning(List.of("-Dfile.encoding=UTF-8", "-XX:+UseG1GC"), SIX_GIB))
        .hasValueSatisfying(warning -> assertThat(warning).contains("6144 MiB").contains("-Xmx2g"));
  }

  @Test
  void shouldNotWarnWhenTheHeapIsBoundedByXmx() {
    assertThat(HeapBound.warning(List.of("-Xms256m", "-Xmx2g"), SIX_GIB)).isEmpty();
  }

  @Test
  void shouldNotWarnWhenTheHeapIsBoundedByAShareOfMemory() {
    assertThat(HeapBound.warning(List.of("-XX:MaxRAMPercentage=75"), SIX_GIB)).isEmpty();
  }
}
