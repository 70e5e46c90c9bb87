package ai.buena.leads.index;

/** An index snapshot that cannot be trusted; the message says why (no file content in it). */
public final class CorruptSnapshotException extends RuntimeException {
  public CorruptSnapshotException(String reason) {
    super(reason);
  }
}
