package ai.buena.leads.runtime.topics;

import java.util.List;

/** Declared topics the cluster does not have, when the service was told not to create them. */
public final class MissingTopicsException extends RuntimeException {
  private final List<String> missing;

  public MissingTopicsException(List<String> missing) {
    super(
        "missing topic"
            + (missing.size() == 1 ? " " : "s ")
            + String.join(", ", missing)
            + ": create "
            + (missing.size() == 1 ? "it" : "them")
            + " as topics/topics.yaml declares, or run with --topics create");
    this.missing = List.copyOf(missing);
  }

  public List<String> missing() {
    return missing;
  }
}
