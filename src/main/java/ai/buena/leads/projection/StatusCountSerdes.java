package ai.buena.leads.projection;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** Serdes of the status counts and their deltas. */
public final class StatusCountSerdes {
  private StatusCountSerdes() {}

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
