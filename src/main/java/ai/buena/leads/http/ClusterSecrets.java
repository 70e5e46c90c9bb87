package ai.buena.leads.http;

import java.util.Optional;

/**
 * What a cluster secret must be: at least {@value #MIN_LENGTH} characters, so neither an empty nor
 * a guessable short value ever authenticates the internal routes or roots the cursor key.
 */
public final class ClusterSecrets {
  public static final int MIN_LENGTH = 16;

  private ClusterSecrets() {}

  /** Why {@code secret} cannot be a cluster secret, if it cannot. */
  public static Optional<String> problem(String secret) {
    return secret == null || secret.length() < MIN_LENGTH
        ? Optional.of("must be at least " + MIN_LENGTH + " characters")
        : Optional.empty();
  }
}
