package ai.buena.leads.index;

/** How many positions of an order a filtered walk may pass, and how many it passed. */
public final class WalkSteps {
  private final long max;
  private long taken;
  private boolean cutShort;

  public WalkSteps(long max) {
    this.max = max;
  }

  public long taken() {
    return taken;
  }

  /** Whether the walk stopped because it ran out of steps, not because the order ended. */
  public boolean exhausted() {
    return taken > max || cutShort;
  }

  /** How many more positions a walk may pass. */
  long left() {
    return Math.max(0, max - taken);
  }

  /** Records {@code count} positions passed at once; {@code cutShort}: the walk wanted more. */
  void passed(long count, boolean cutShort) {
    taken += count;
    this.cutShort |= cutShort;
  }

  boolean take() {
    return ++taken <= max;
  }
}
