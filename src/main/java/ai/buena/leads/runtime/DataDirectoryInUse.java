package ai.buena.leads.runtime;

import java.nio.file.Path;
import java.util.Optional;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * Kafka Streams refusing a state directory that another running process holds (its lock file):
 * an operator's mistake, two instances given one {@code --data-dir}, told in one line.
 */
final class DataDirectoryInUse {
  /** The start of Kafka Streams' message when it cannot lock its state directory. */
  static final String KAFKA_STREAMS_MESSAGE = "Unable to initialize state";

  private DataDirectoryInUse() {}

  static Optional<CommandFailure> when(StreamsException e, Path dataDir) {
    if (e.getMessage() == null || !e.getMessage().startsWith(KAFKA_STREAMS_MESSAGE)) {
      return Optional.empty();
    }
    return Optional.of(
        new CommandFailure(
            Main.BAD_USAGE,
            "the data directory "
                + dataDir
                + " is in use by another running instance (Kafka Streams holds its lock): give"
                + " each instance its own --data-dir"));
  }
}
