package ai.buena.leads.index;

/**
 * One instance of a name, company or title for every index of the process, as far as a fixed
 * table of recent values holds it. Indexes are per workspace and partition, and each kept its own
 * copy of values that most workspaces share ("john", "smith", "google", "engineer"): a CRM's many
 * small and mid-size tenants paid 150–190 bytes a lead for the copies (docs/benchmarks.md, "Names
 * shared between indexes").
 *
 * <p>Two slots per hash, the value found or added last in the first; a value pushed out is only
 * no longer shared from then on. The table never grows and holds at most {@link #SLOTS} strings
 * of at most {@link #MAX_LENGTH} chars, whatever the values sent. Threads race on the slots
 * without locks: a string is immutable and safely published by its final fields, so a race only
 * loses an entry.
 */
final class SharedText {
  static final int SLOTS = 1 << 16;
  /**
   * Longer texts are not held: shared values are short, and the table must not keep alive what
   * a producer may send (strings of up to 1,000 chars): at most ~9 MiB for its 65,536 strings.
   */
  static final int MAX_LENGTH = 48;
  private static final String[] slots = new String[SLOTS];

  private SharedText() {}

  /**
   * A string equal to {@code text} (null for null): the table's when it holds one, else {@code
   * text}, now held unless longer than {@link #MAX_LENGTH}.
   */
  static String of(String text) {
    if (text == null || text.length() > MAX_LENGTH) {
      return text;
    }
    int first = pairOf(text);
    String recent = slots[first];
    if (text.equals(recent)) {
      return recent;
    }
    String older = slots[first + 1];
    if (text.equals(older)) {
      slots[first + 1] = recent;
      slots[first] = older;
      return older;
    }
    slots[first + 1] = recent;
    slots[first] = text;
    return text;
  }

  /** The first of the two slots {@code text} may be in. */
  static int pairOf(String text) {
    int hash = text.hashCode() * 0x9E3779B9;
    return (hash ^ (hash >>> 16)) & (SLOTS - 2);
  }
}
