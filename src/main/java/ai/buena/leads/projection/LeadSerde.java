package ai.buena.leads.projection;

import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** Leads in stores and on {@code lead-projections}: the API's JSON plus {@code workspaceId}. */
public final class LeadSerde {
  private LeadSerde() {}

  public static Serde<Lead> serde() {
    Serializer<Lead> serializer =
        (topic, lead) -> lead == null ? null : LeadJson.toBytes(lead, true);
    Deserializer<Lead> deserializer =
        (topic, bytes) -> bytes == null ? null : LeadJson.fromBytes(bytes);
    return Serdes.serdeFrom(serializer, deserializer);
  }

  public static Serde<StatusCounts> statusCounts() {
    Serializer<StatusCounts> serializer =
        (topic, counts) -> counts == null ? null : counts.toJson();
    Deserializer<StatusCounts> deserializer =
        (topic, bytes) -> bytes == null ? null : StatusCounts.fromJson(bytes);
    return Serdes.serdeFrom(serializer, deserializer);
  }

  static Serde<StatusCountsDelta> statusDelta() {
    Serializer<StatusCountsDelta> serializer =
        (topic, delta) -> delta == null ? null : delta.toBytes();
    Deserializer<StatusCountsDelta> deserializer =
        (topic, bytes) -> bytes == null ? null : StatusCountsDelta.fromBytes(bytes);
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
