package ai.buena.leads.runtime.topics;

import java.util.List;

/** An existing topic differs from its declaration in a way that would break the projection. */
public final class TopicContradictionException extends RuntimeException {
  private final List<String> contradictions;

  public TopicContradictionException(List<String> contradictions) {
    super(String.join(" ", contradictions));
    this.contradictions = List.copyOf(contradictions);
  }

  public List<String> contradictions() {
    return contradictions;
  }
}
