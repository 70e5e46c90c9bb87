package ai.buena.leads.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The {@code prepared.properties} that {@link RestartBench} writes beside the data it prepared. */
final class PreparedData {
  private PreparedData() {}

  /** The file's properties. */
  static Properties load(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      properties.load(in);
    }
    return properties;
  }

  /** The file's properties, which must describe {@code leads} generated leads. */
  static Properties load(Path file, int leads) throws IOException {
    Properties properties = load(file);
    if (Integer.parseInt(properties.getProperty("leads")) != leads) {
      throw new IllegalStateException(file + " holds " + properties.getProperty("leads")
          + " leads, not " + leads + ": use another -Dbench.dir");
    }
    return properties;
  }
}
