package ai.buena.leads.http;

import java.util.Optional;

/**
 * What a cluster secret must be: at least {@value #MIN_LENGTH} characters, so neither an empty nor
 * a guessable short value ever authenticates the internal routes or roots the cursor key, and
 * printable ASCII without spaces: it travels in an HTTP header, where a line break cannot be sent
 * and surrounding spaces are trimmed (a secret file's trailing newline would break every call
 * between instances).
 */
public final class ClusterSecrets {
  public static final int MIN_LENGTH = 16;

  private ClusterSecrets() {}

  /** Why {@code secret} cannot be a cluster secret, if it cannot. */
  public static Optional<String> problem(String secret) {
    if (secret == null || secret.length() < MIN_LENGTH) {
      return Optional.of("must be at least " + MIN_LENGTH + " characters");
    }
    if (!secret.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
      return Optional.of(
          "must be printable ASCII without spaces or line breaks (a trailing newline of a secret"
              + " file included)");
    }
    return Optional.empty();
  }
}
