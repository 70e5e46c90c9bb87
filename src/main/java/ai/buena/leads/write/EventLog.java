package ai.buena.leads.write;

import java.util.Map;

/** Where the API's writes go: {@code lead-events}, one record per event, keyed by the lead id. */
public interface EventLog {
  /**
   * Appends one event and returns once it is durable (acknowledged by every in-sync replica).
   *
   * @param headers record headers (UTF-8 values)
   * @throws AppendUncertainException when no acknowledgement came in time: the event may or may
   *     not be in the log
   */
  Appended append(String leadId, byte[] event, Map<String, String> headers);
}
