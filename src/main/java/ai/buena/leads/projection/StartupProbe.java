package ai.buena.leads.projection;

import org.apache.kafka.streams.processor.StateStoreContext;

/**
 * Recognises the one-off opening of a store that Kafka Streams 4.4 does when it is created
 * ({@code StateDirectory.initializeStartupStores}): every task directory found on disk has its
 * stores opened to read their committed offsets and closed at once, before any task is assigned.
 * There is no public way to tell; the context class is the only sign. Should a later Kafka rename
 * it, the only cost is an index built once too often at start-up.
 */
final class StartupProbe {
  private static final String STARTUP_CONTEXT =
      "org.apache.kafka.streams.processor.internals.StateDirectory$StartupContext";

  private StartupProbe() {}

  static boolean isProbe(StateStoreContext context) {
    return context.getClass().getName().equals(STARTUP_CONTEXT);
  }
}
