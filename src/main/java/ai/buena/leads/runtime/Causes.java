package ai.buena.leads.runtime;

import java.util.Optional;

/** The failures a command or the projection recognise among the causes of another. */
final class Causes {
  private Causes() {}

  /** The first of {@code failure} and its causes that is a {@code type}. */
  static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return Optional.of(type.cast(cause));
      }
    }
    return Optional.empty();
  }
}
