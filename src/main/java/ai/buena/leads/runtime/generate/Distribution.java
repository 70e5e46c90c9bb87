package ai.buena.leads.runtime.generate;

import java.util.Locale;

/**
 * How the generator draws names, companies and titles: {@code UNIFORM}, every word of the built-in
 * lists equally often; or {@code SKEWED}, as real lead lists look, a few first names very common
 * (Zipf), last names often made from first names (Johnson, Peterson), and company and title words
 * that a tenth to a fifth of the leads share.
 */
public enum Distribution {
  UNIFORM,
  SKEWED;

  /** {@code uniform} or {@code skewed}, as the {@code generate} command spells it. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Distribution fromWire(String text) {
    for (Distribution distribution : values()) {
      if (distribution.wire().equals(text)) {
        return distribution;
      }
    }
    throw new IllegalArgumentException("expected uniform or skewed, got '" + text + "'");
  }

  LeadVocabulary vocabulary() {
    return this == UNIFORM ? LeadVocabulary.UNIFORM : SkewedVocabulary.INSTANCE;
  }
}
