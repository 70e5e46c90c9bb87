package ai.buena.leads.bench;

import java.util.function.DoublePredicate;

/** The aim issue 5 sets for one figure, and whether a measured value meets it. */
record Target(String text, DoublePredicate meets) {

  /** For figures reported without an aim. */
  static final Target NONE = new Target("-", value -> true);

  static Target atMost(double bound, String unit) {
    return new Target("<= " + plain(bound) + " " + unit, value -> value <= bound);
  }

  static Target below(double bound, String unit) {
    return new Target("< " + plain(bound) + " " + unit, value -> value < bound);
  }

  static Target atLeast(double bound, String unit) {
    return new Target(">= " + plain(bound) + " " + unit, value -> value >= bound);
  }

  /** MET, MISSED, or "-" when there is no aim. */
  String verdict(double value) {
    if (this == NONE) {
      return "-";
    }
    return meets.test(value) ? "MET" : "MISSED";
  }

  private static String plain(double bound) {
    return bound == Math.rint(bound) ? String.format("%,d", (long) bound) : Double.toString(bound);
  }
}
