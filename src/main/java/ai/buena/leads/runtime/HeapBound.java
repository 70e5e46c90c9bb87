package ai.buena.leads.runtime;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;

/**
 * Whether the JVM was given a heap bound. Without one it may grow to a quarter of the machine's
 * memory (6 GiB on a 24 GiB machine), which {@code dev} with a million leads did.
 */
final class HeapBound {
  private static final List<String> BOUNDING_OPTIONS =
      List.of("-Xmx", "-XX:MaxHeapSize=", "-XX:MaxRAMPercentage=", "-XX:MaxRAM=", "-XX:MaxRAMFraction=");

  private HeapBound() {}

  /** A one-line warning when none of the JVM's options bounds its heap, else empty. */
  static Optional<String> warning(List<String> jvmOptions, long maxHeapBytes) {
    if (isBounded(jvmOptions)) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            "no heap bound given (-Xmx): this JVM may grow to %d MiB; ops/dev.sh starts dev with"
                + " -Xmx2g (JAVA_OPTS overrides it)",
            maxHeapBytes / (1024 * 1024)));
  }

  /** Whether one of these JVM options bounds the heap. */
  static boolean isBounded(List<String> jvmOptions) {
    return jvmOptions.stream().anyMatch(option -> BOUNDING_OPTIONS.stream().anyMatch(option::startsWith));
  }

  /** {@link #warning(List, long)} for this JVM. */
  static Optional<String> warningForThisJvm() {
    return warning(
        ManagementFactory.getRuntimeMXBean().getInputArguments(), Runtime.getRuntime().maxMemory());
  }
}
