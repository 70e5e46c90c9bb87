package ai.buena.leads.runtime;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topic IDs of the projection's changelogs as the projection last saw them running on this
 * state directory ({@code <state dir>/<application id>/changelog-topic-ids}). A changelog that
 * Kafka has under another ID was deleted and created again: it holds none of the state it held,
 * and Kafka Streams would restore the stores from it with leads missing.
 */
final class RememberedChangelogs {
  private static final Logger LOG = LoggerFactory.getLogger(RememberedChangelogs.class);
  static final String FILE_NAME = "changelog-topic-ids";

  private RememberedChangelogs() {}

  static Path file(AppConfig config) {
    return config.stateDir().resolve(config.applicationId()).resolve(FILE_NAME);
  }

  /** The remembered IDs by topic; none when the file is missing or cannot be read. */
  static Map<String, Uuid> read(Path file) {
    Map<String, Uuid> ids = new TreeMap<>();
    if (!Files.isRegularFile(file)) {
      return ids;
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
      for (String topic : properties.stringPropertyNames()) {
        ids.put(topic, Uuid.fromString(properties.getProperty(topic).trim()));
      }
      return ids;
    } catch (IOException | IllegalArgumentException e) {
      LOG.info("ignoring {}: {}", file, e.toString());
      return new TreeMap<>();
    }
  }

  static void forget(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", file, e.toString());
    }
  }

  static void write(Path file, Map<String, Uuid> ids) {
    Properties properties = new Properties();
    ids.forEach((topic, id) -> properties.setProperty(topic, id.toString()));
    Path written = file.resolveSibling(file.getFileName() + ".new");
    try {
      Files.createDirectories(file.getParent());
      try (Writer writer = Files.newBufferedWriter(written, StandardCharsets.UTF_8)) {
        properties.store(writer, "topic IDs of the changelogs this state was restored from and written to");
      }
      Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // the running watch keeps them in memory; only the next start's check goes without them
      LOG.warn("could not remember the changelogs' topic IDs in {}: {}", file, e.toString());
    }
  }
}
