package ai.buena.leads.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A broker's TLS material made with the JDK's own {@code keytool}: a PKCS12 key store holding a
 * self-signed certificate for {@code localhost}, and a trust store holding that certificate.
 */
public record SelfSignedTls(Path keyStore, Path trustStore, String password) {

  public static SelfSignedTls create(Path dir, String password) {
    Path keyStore = dir.resolve("broker.p12");
    Path certificate = dir.resolve("broker.crt");
    Path trustStore = dir.resolve("truststore.p12");
    keytool(
        "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
        "-keystore", keyStore.toString(), "-storetype", "PKCS12",
        "-storepass", password, "-keypass", password);
    keytool(
        "-exportcert", "-alias", "broker", "-keystore", keyStore.toString(),
        "-storepass", password, "-file", certificate.toString());
    keytool(
        "-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(),
        "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", password);
    return new SelfSignedTls(keyStore, trustStore, password);
  }

  private static void keytool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
