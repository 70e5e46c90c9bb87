package ai.buena.leads.lead;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link StoredLeads} answers byte for byte what decoding each stored lead and writing it again
 * answers, over generated leads (control characters, escapes, RTL text, combining marks, emoji,
 * nulls, every custom value type; {@link LeadJsonRoundTripTest.Generator}), one seed per case.
 */
class StoredLeadsTest {
  private static final int CASES = 300;
  /** The factory of the API's answers (http.JsonBody). */
  private static final JsonFactory ANSWERS = new ObjectMapper().getFactory();

  static IntStream seeds() {
    return IntStream.range(0, CASES);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldWriteStoredLeadsExactlyAsDecodingAndEncodingThemWould(int seed) {
    LeadJsonRoundTripTest.Generator generator = new LeadJsonRoundTripTest.Generator(seed);
    String workspaceId = generator.lead().workspaceId();
    byte[][] stored = new byte[1 + seed % 12][];
    for (int i = 0; i < stored.length; i++) {
      stored[i] = LeadJson.toBytes(withWorkspace(generator.lead(), workspaceId), true);
    }

    assertThat(new String(fastPath(new StoredLeads(workspaceId, stored)), UTF_8))
        .isEqualTo(new String(slowPath(stored), UTF_8));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldDecodeEachStoredLeadToTheLeadItStores(int seed) {
    Lead lead = new LeadJsonRoundTripTest.Generator(seed).lead();

    StoredLeads leads =
        new StoredLeads(lead.workspaceId(), new byte[][] {LeadJson.toBytes(lead, true)});

    assertThat(leads).containsExactly(lead);
  }

  @Test
  void shouldReencodeAStoredLeadWhoseWorkspaceIdIsNotItsLastField() {
    Lead lead = new LeadJsonRoundTripTest.Generator(7).lead();
    String stored = new String(LeadJson.toBytes(lead, false), UTF_8);
    String workspaceFirst =
        "{\"workspaceId\":\"" + lead.workspaceId() + "\"," + stored.substring(1);
    byte[][] json = {workspaceFirst.getBytes(UTF_8)};

    assertThat(new String(fastPath(new StoredLeads(lead.workspaceId(), json)), UTF_8))
        .isEqualTo(new String(slowPath(json), UTF_8));
  }

  @Test
  void shouldReencodeAStoredLeadOfAnotherWorkspace() {
    Lead lead = new LeadJsonRoundTripTest.Generator(11).lead();
    byte[][] json = {LeadJson.toBytes(lead, true)};

    assertThat(new String(fastPath(new StoredLeads(lead.workspaceId() + "x", json)), UTF_8))
        .isEqualTo(new String(slowPath(json), UTF_8));
  }

  @Test
  void shouldKeepOnlyTheFirstLeadsAskedFor() {
    LeadJsonRoundTripTest.Generator generator = new LeadJsonRoundTripTest.Generator(3);
    List<Lead> leads = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      leads.add(withWorkspace(generator.lead(), "ws"));
    }
    byte[][] stored = leads.stream().map(lead -> LeadJson.toBytes(lead, true)).toArray(byte[][]::new);

    assertThat(new StoredLeads("ws", stored).first(2)).containsExactly(leads.get(0), leads.get(1));
  }

  /** {@code {"leads":[...]}} as the list route writes it from stored leads. */
  private static byte[] fastPath(StoredLeads leads) {
    return answer(
        g -> {
          for (int i = 0; i < leads.size(); i++) {
            leads.writeAnswerForm(i, g);
          }
        });
  }

  /** The same, each lead decoded and encoded again. */
  private static byte[] slowPath(byte[][] stored) {
    return answer(
        g -> {
          for (byte[] json : stored) {
            LeadJson.write(g, LeadJson.fromBytes(json), false);
          }
        });
  }

  private interface Elements {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] answer(Elements elements) {
    ByteArrayBuilder out = new ByteArrayBuilder(1024);
    try (JsonGenerator g = ANSWERS.createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("leads");
      elements.write(g);
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static Lead withWorkspace(Lead lead, String workspaceId) {
    return new Lead(
        lead.id(), workspaceId, lead.firstName(), lead.lastName(), lead.email(),
        lead.linkedinUrl(), lead.company(), lead.title(), lead.phone(), lead.location(),
        lead.status(), lead.source(), lead.notes(), lead.tags(), lead.customFields(),
        lead.createdAt(), lead.updatedAt(), lead.lastContactedAt());
  }
}
