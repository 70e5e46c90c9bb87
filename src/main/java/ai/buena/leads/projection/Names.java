package ai.buena.leads.projection;

/** Every topic and store name of the product, in one place; {@code topics/topics.yaml} must agree. */
public final class Names {
  public static final String LEAD_EVENTS = "lead-events";
  public static final String LEAD_EVENTS_DLQ = "lead-events.dlq";
  public static final String LEAD_PROJECTIONS = "lead-projections";
  public static final String LEAD_STATUS_COUNTS = "lead-status-counts";
  public static final String API_KEYS = "lead-api-keys";

  public static final String LEADS_STORE = "leads";
  public static final String STATUS_COUNTS_STORE = "lead-status-counts";
  public static final String EVENT_IDS_STORE = "event-ids";
  public static final String APPLIED_OFFSETS_STORE = "applied-offsets";
  public static final String API_KEYS_STORE = "api-keys";

  public static final String DEFAULT_APPLICATION_ID = "lead-projection";

  private Names() {}
}
