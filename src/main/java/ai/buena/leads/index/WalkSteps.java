package ai.buena.leads.index;

/** How many positions of an order a filtered walk may pass, and how many it passed. */
public final class WalkSteps {
  private final long max;
  private long taken;

  public WalkSteps(long max) {
    this.max = max;
  }

  public long taken() {
    return taken;
  }

  /** Whether the walk stopped because it ran out of steps, not because the order ended. */
  public boolean exhausted() {
    return taken > max;
  }

  boolean take() {
    return ++taken <= max;
  }
}
