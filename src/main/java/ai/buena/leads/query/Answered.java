package ai.buena.leads.query;

import java.util.Objects;

/** An answer and how stale it may be ({@link Staleness#NONE}: read from actives only). */
public record Answered<T>(T value, Staleness staleness) {
  public Answered {
    Objects.requireNonNull(staleness, "staleness");
  }

  public static <T> Answered<T> fresh(T value) {
    return new Answered<>(value, Staleness.NONE);
  }
}
