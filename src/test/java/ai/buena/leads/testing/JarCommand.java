package ai.buena.leads.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One run of a command of the built jar, e.g. {@code produce} or {@code keys create}, to its end. */
public final class JarCommand {
  private JarCommand() {}

  public record Result(int exit, String out, String err, Duration took) {
    /** The non-blank lines of stderr. */
    public List<String> errLines() {
      return err.lines().filter(line -> !line.isBlank()).toList();
    }
  }

  /**
   * {@code serve} on the shared test broker, on a free port, a new data directory and a test
   * cluster secret, with {@code flags} after them; it must end within 60 s (a refused start).
   */
  public static Result serveOnSharedBroker(String... flags) throws IOException {
    Path dataDir = Files.createTempDirectory("refused-start");
    List<String> args =
        new ArrayList<>(
            List.of(
                "serve",
                "--port", String.valueOf(ServiceProcess.freePort()),
                "--bootstrap-servers", SharedKafka.bootstrapServers(),
                "--cluster-secret", "refused-start-cluster-secret-0123456789",
                "--data-dir", dataDir.toString()));
    args.addAll(List.of(flags));
    try {
      return run(Duration.ofSeconds(60), "", args);
    } finally {
      Directories.deleteRecursively(dataDir);
    }
  }

  /**
   * Runs {@code java -jar target/lead-projection.jar args...} with {@code stdin} as its input.
   *
   * @throws AssertionError when it has not ended within {@code deadline} (it is then killed)
   */
  public static Result run(Duration deadline, String stdin, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(ServiceProcess.jar().toString());
    command.addAll(args);
    try {
      Path out = Files.createTempFile("jar-out", ".txt");
      Path err = Files.createTempFile("jar-err", ".txt");
      long started = System.nanoTime();
      Process process =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      try (OutputStream in = process.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      boolean ended = process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      if (!ended) {
        process.destroyForcibly().waitFor();
      }
      Result result =
          new Result(
              ended ? process.exitValue() : -1,
              Files.readString(out, StandardCharsets.UTF_8),
              Files.readString(err, StandardCharsets.UTF_8),
              took);
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      if (!ended) {
        throw new AssertionError(args + " did not end within " + deadline + "; stderr: " + result.err());
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
