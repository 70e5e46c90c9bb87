package ai.buena.leads.query;

import java.util.Optional;

/**
 * An event the projection applied to a lead within its de-duplication window, with the fingerprint
 * of the API request that wrote it (empty: the event carried none, e.g. a CRM producer's event or
 * one written before fingerprints were kept).
 */
public record AppliedEvent(Optional<String> fingerprint) {
  /** Whether a request with {@code other} as fingerprint may be this event's retry. */
  public boolean sameRequest(String other) {
    return fingerprint.map(other::equals).orElse(true);
  }
}
