package ai.buena.leads.projection;

import ai.buena.leads.events.LeadStatus;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** The number of leads of one workspace per status, and their total. */
public record StatusCounts(String workspaceId, long[] perStatus) {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

  public static StatusCounts empty(String workspaceId) {
    return new StatusCounts(workspaceId, new long[LeadStatus.values().length]);
  }

  public long count(LeadStatus status) {
    return perStatus[status.ordinal()];
  }

  public long total() {
    return Arrays.stream(perStatus).sum();
  }

  StatusCounts plus(String workspace, StatusCountsDelta delta) {
    long[] sum = perStatus.clone();
    for (int i = 0; i < sum.length; i++) {
      sum[i] += delta.perStatus()[i];
    }
    return new StatusCounts(workspace, sum);
  }

  /** {@code {"workspaceId":..,"counts":{"new":..,..},"total":..}}, the value of lead-status-counts. */
  public byte[] toJson() {
    ByteArrayBuilder out = new ByteArrayBuilder(160);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("workspaceId", workspaceId);
      g.writeObjectFieldStart("counts");
      for (LeadStatus status : LeadStatus.values()) {
        g.writeNumberField(status.wire(), count(status));
      }
      g.writeEndObject();
      g.writeNumberField("total", total());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static StatusCounts fromJson(byte[] json) {
    try {
      JsonNode root = MAPPER.readTree(json);
      long[] counts = new long[LeadStatus.values().length];
      for (LeadStatus status : LeadStatus.values()) {
        counts[status.ordinal()] = root.path("counts").path(status.wire()).asLong();
      }
      return new StatusCounts(root.path("workspaceId").asText(), counts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StatusCounts that
        && workspaceId.equals(that.workspaceId)
        && Arrays.equals(perStatus, that.perStatus);
  }

  @Override
  public int hashCode() {
    return workspaceId.hashCode() * 31 + Arrays.hashCode(perStatus);
  }

  @Override
  public String toString() {
    return new String(toJson(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
