package ai.buena.leads.events;

/** Why an event cannot be applied: the DLQ's {@code error.code} and {@code error.message}. */
public record EventError(String code, String message) {
  public static final String INVALID_JSON = "INVALID_JSON";
  public static final String NOT_AN_OBJECT = "NOT_AN_OBJECT";
  public static final String INVALID_ENVELOPE = "INVALID_ENVELOPE";
  public static final String UNKNOWN_TYPE = "UNKNOWN_TYPE";
  public static final String KEY_MISMATCH = "KEY_MISMATCH";
  public static final String INVALID_FIELD = "INVALID_FIELD";
  public static final String TOO_LARGE = "TOO_LARGE";
  public static final String LEAD_NOT_FOUND = "LEAD_NOT_FOUND";
  public static final String LEAD_EXISTS = "LEAD_EXISTS";
  public static final String WORKSPACE_MISMATCH = "WORKSPACE_MISMATCH";
  public static final String WRONG_PARTITION = "WRONG_PARTITION";
  /** Processing the event threw, again and again (a bug): dead-lettered instead of replayed. */
  public static final String PROCESSING_FAILED = "PROCESSING_FAILED";
  /** An output of the event (or its dead letter) could not be written, again and again. */
  public static final String OUTPUT_REJECTED = "OUTPUT_REJECTED";
  /** A record of a topic the projection reads could not be deserialized. */
  public static final String DESERIALIZATION_FAILED = "DESERIALIZATION_FAILED";
}
