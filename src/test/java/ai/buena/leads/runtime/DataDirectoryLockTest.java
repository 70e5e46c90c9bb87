package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One running dev or serve per data directory, and a dev refused before it starts its broker: a
 * second dev on a running one's directory had rewritten that one's Kafka metadata log.
 */
class DataDirectoryLockTest {
  @TempDir Path dir;
  @TempDir Path lockHolderSource;

  @Test
  void shouldRefuseADataDirectoryThisProcessHoldsAlreadyAndStillHoldIt() throws Exception {
    try (DataDirectoryLock first = DataDirectoryLock.acquire(dir)) {
      assertThatThrownBy(() -> DataDirectoryLock.acquire(dir))
          .isInstanceOfSatisfying(
              CommandFailure.class,
              failure -> {
                assertThat(failure.exitCode()).isEqualTo(Main.BAD_USAGE);
                assertThat(failure.getMessage()).contains(dir.toString()).contains("--data-dir");
              });

      Process other = lockInAnotherProcess(dir.resolve(DataDirectoryLock.FILE_NAME), "try");
      try {
        assertThat(firstLine(other)).isEqualTo("refused");
      } finally {
        other.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void shouldLetTheNextStartHaveTheDirectoryOnceTheFirstLetGo() throws Exception {
    DataDirectoryLock.acquire(dir).close();

    try (DataDirectoryLock again = DataDirectoryLock.acquire(dir)) {
      assertThat(dir.resolve(DataDirectoryLock.FILE_NAME)).exists();
    }
  }

  @Test
  void shouldRefuseADataDirectoryAnotherProcessHolds() throws Exception {
    Process holder = holdLockInAnotherProcess(dir.resolve(DataDirectoryLock.FILE_NAME));
    try {
      assertThatThrownBy(() -> DataDirectoryLock.acquire(dir)).isInstanceOf(CommandFailure.class);
    } finally {
      holder.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
    }
    try (DataDirectoryLock afterItEnded = DataDirectoryLock.acquire(dir)) {
      assertThat(afterItEnded).isNotNull();
    }
  }

  @Test
  @Timeout(120)
  void shouldEndASecondDevOnAHeldDataDirectoryWithOneLineBeforeItStartsABroker() throws Exception {
    Process holder = holdLockInAnotherProcess(dir.resolve(DataDirectoryLock.FILE_NAME));
    try {
      Run run = dev("--data-dir", dir.toString(), "--port", "0", "--kafka-port", "0");

      assertThat(run.exit()).isEqualTo(Main.BAD_USAGE);
      assertThat(run.err()).startsWith("dev: the data directory").contains("--data-dir").doesNotContain("\n");
      assertThat(contents(dir)).containsExactly(DataDirectoryLock.FILE_NAME);
    } finally {
      holder.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
    }
  }

  @Test
  @Timeout(120)
  void shouldEndADevWhoseKafkaPortIsTakenWithOneLineBeforeItStartsABroker() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Run run =
          dev("--data-dir", dir.toString(), "--port", "0",
              "--kafka-port", Integer.toString(taken.getLocalPort()));

      assertThat(run.exit()).isEqualTo(Main.BAD_USAGE);
      assertThat(run.err())
          .isEqualTo("dev: Kafka port " + taken.getLocalPort()
              + " is already in use (another dev or process): give this one its own --kafka-port");
      assertThat(contents(dir)).containsExactly(DataDirectoryLock.FILE_NAME);
    }
  }

  @Test
  @Timeout(120)
  void shouldEndADevWhoseHttpPortIsTakenWithOneLineBeforeItStartsABroker() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      Run run =
          dev("--data-dir", dir.toString(), "--port", Integer.toString(taken.getLocalPort()),
              "--kafka-port", "0");

      assertThat(run.exit()).isEqualTo(Main.BAD_USAGE);
      assertThat(run.err()).startsWith("dev: HTTP port " + taken.getLocalPort()).doesNotContain("\n");
      assertThat(contents(dir)).containsExactly(DataDirectoryLock.FILE_NAME);
    }
  }

  private record Run(int exit, String err) {}

  private static Run dev(String... args) {
    StringWriter err = new StringWriter();
    picocli.CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));
    int exit = cli.execute(Stream.concat(Stream.of("dev", "--demo-leads", "0"), Stream.of(args)).toArray(String[]::new));
    return new Run(exit, err.toString().strip());
  }

  private static List<String> contents(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(file -> file.getFileName().toString()).sorted().toList();
    }
  }

  /** A plain Java process that locks {@code file} as a running instance does, until killed. */
  private Process holdLockInAnotherProcess(Path file) throws Exception {
    Process holder = lockInAnotherProcess(file, "hold");
    assertThat(firstLine(holder)).isEqualTo("locked");
    return holder;
  }

  private static String firstLine(Process process) throws Exception {
    return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
        .readLine();
  }

  /**
   * A plain Java process that locks {@code file}: {@code hold} waits until killed once it has the
   * lock; {@code try} says whether it got it ("locked" or "refused") and ends.
   */
  private Process lockInAnotherProcess(Path file, String mode) throws Exception {
    Path source = lockHolderSource.resolve("HoldLock.java");
    Files.writeString(
        source,
        """
        import java.nio.channels.FileChannel;
        import java.nio.file.Path;
        import java.nio.file.StandardOpenOption;
        public class HoldLock {
          public static void main(String[] args) throws Exception {
            FileChannel channel = FileChannel.open(
                Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (args[1].equals("try")) {
              System.out.println(channel.tryLock() == null ? "refused" : "locked");
              return;
            }
            channel.lock();
            System.out.println("locked");
            System.out.flush();
            System.in.read();
          }
        }
        """);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, source.toString(), file.toString(), mode)
        .redirectErrorStream(true)
        .start();
  }
}
