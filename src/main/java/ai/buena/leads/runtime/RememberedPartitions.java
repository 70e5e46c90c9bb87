package ai.buena.leads.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partition count of {@code lead-events} as the cluster had it at the last start on this state
 * directory ({@code <state dir>/<application id>/<topic>.partitions}), so that the next start can
 * build its projection and answer from its start-up copies while Kafka is still being checked. It
 * is a guess until the cluster confirms it: {@link LeadProjectionApp} starts again the usual way
 * when the two differ.
 */
final class RememberedPartitions {
  private static final Logger LOG = LoggerFactory.getLogger(RememberedPartitions.class);

  private RememberedPartitions() {}

  static OptionalInt read(AppConfig config) {
    Path file = file(config);
    if (!Files.isRegularFile(file)) {
      return OptionalInt.empty();
    }
    try {
      int partitions = Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).trim());
      return partitions > 0 ? OptionalInt.of(partitions) : OptionalInt.empty();
    } catch (IOException | NumberFormatException e) {
      LOG.info("ignoring {}: {}", file, e.toString());
      return OptionalInt.empty();
    }
  }

  static void write(AppConfig config, int partitions) {
    Path file = file(config);
    Path written = file.resolveSibling(file.getFileName() + ".new");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(written, Integer.toString(partitions), StandardCharsets.US_ASCII);
      Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // the next start checks Kafka before it answers, as without the file
      LOG.warn("could not remember the partition count in {}: {}", file, e.toString());
    }
  }

  private static Path file(AppConfig config) {
    return config
        .stateDir()
        .resolve(config.applicationId())
        .resolve(config.topics().leadEvents() + ".partitions");
  }
}
