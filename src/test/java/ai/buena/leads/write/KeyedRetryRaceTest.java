package ai.buena.leads.write;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.consistency.ConsistencyToken;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.query.AppliedEvent;
import ai.buena.leads.query.LeadPage;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.LeadQueryService;
import ai.buena.leads.testing.TestClock;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A keyed write sent again after its first send was applied: the second send is dropped by
 * de-duplication, so its answer is the first send's (a create: the lead the first send made, also
 * when the projection had not processed it when the retry checked; a delete: deleted, not 404).
 */
class KeyedRetryRaceTest {
  private static final String WS = "ws_race";
  private static final String LEAD = "lead_race";
  private static final String EVENT = "evt_race";
  private static final LeadWriter.Keyed KEYED = new LeadWriter.Keyed("f".repeat(64));
  private static final LeadWriter.Author AUTHOR = new LeadWriter.Author(WS, "key_race");

  private final TestClock clock = new TestClock(Instant.parse("2026-12-03T10:00:00Z"));
  private final Projection projection = new Projection();
  private final LeadWriter writer = new LeadWriter(projection, projection, clock);

  @Test
  void shouldAnswerARetryDroppedAsADuplicateWithTheLeadItsFirstSendMade() {
    Lead first = written(writer.create(AUTHOR, LEAD, EVENT, data(), KEYED, null));
    // the first send is applied, but the projection has not processed it when the retry checks
    projection.held = first;
    projection.appliedOnceCaughtUp = true;
    clock.advance(Duration.ofSeconds(5));

    Lead retried = written(writer.create(AUTHOR, LEAD, EVENT, data(), KEYED, null));

    assertThat(retried).isEqualTo(first);
    assertThat(retried.createdAt()).isEqualTo(Instant.parse("2026-12-03T10:00:00Z"));
  }

  @Test
  void shouldAnswerARetriedDeleteThisKeyAppliedBeforeAsTheFirstAnswerNotAsNotFound() {
    // the first send was applied (the lead is gone) but its answer was lost
    projection.held = null;
    projection.appliedAlways = true;

    LeadWriter.Outcome retried = writer.delete(AUTHOR, LEAD, EVENT, KEYED, null);

    assertThat(retried).isInstanceOf(LeadWriter.Outcome.Written.class);
    assertThat(((LeadWriter.Outcome.Written) retried).lead()).isNull();
  }

  @Test
  void shouldAnswerARetriedDeleteWhoseFirstSendIsAppliedWhileTheRetryReadsAsDeleted() {
    // the retry's first read of the projection sees the lead; by its second, the first send of
    // the delete is applied: the lead is gone and the key's event id recorded
    projection.held = written(writer.create(AUTHOR, LEAD, "evt_create", data(), null, null));
    projection.deleteAppliedAfterFirstRead = true;

    LeadWriter.Outcome retried = writer.delete(AUTHOR, LEAD, EVENT, KEYED, null);

    assertThat(retried).isInstanceOf(LeadWriter.Outcome.Written.class);
    assertThat(((LeadWriter.Outcome.Written) retried).lead()).isNull();
  }

  @Test
  void shouldAnswerNotFoundToADeleteOfALeadThatIsNotThereWhenTheKeyWasNeverApplied() {
    projection.held = null;

    assertThat(writer.delete(AUTHOR, LEAD, EVENT, KEYED, null))
        .isInstanceOf(LeadWriter.Outcome.NotFound.class);
  }

  private static Lead written(LeadWriter.Outcome outcome) {
    assertThat(outcome).isInstanceOf(LeadWriter.Outcome.Written.class);
    return ((LeadWriter.Outcome.Written) outcome).lead();
  }

  private static ObjectNode data() {
    return new ObjectMapper()
        .createObjectNode()
        .put("firstName", "Ada")
        .put("lastName", "Lovelace")
        .put("email", "ada@example.com");
  }

  /** Appends in order; answers for the lead only once "caught up" (a token given). */
  private static final class Projection implements EventLog, LeadQueryService {
    private long offset;
    Lead held;
    boolean appliedOnceCaughtUp;
    boolean appliedAlways;
    boolean deleteAppliedAfterFirstRead;
    private boolean read;

    /** The first read sees the state before the delete; every later one the state after it. */
    private void readOnce() {
      if (deleteAppliedAfterFirstRead && read) {
        held = null;
        appliedAlways = true;
      }
      read = true;
    }

    @Override
    public Appended append(String leadId, byte[] event, Map<String, String> headers) {
      return new Appended(0, offset++);
    }

    @Override
    public Optional<AppliedEvent> appliedEvent(
        String leadId, String eventId, ConsistencyToken after) {
      readOnce();
      return appliedAlways || (appliedOnceCaughtUp && after != null)
          ? Optional.of(new AppliedEvent(Optional.of(KEYED.fingerprint())))
          : Optional.empty();
    }

    @Override
    public Optional<Lead> current(String workspaceId, String leadId, ConsistencyToken after) {
      readOnce();
      if (deleteAppliedAfterFirstRead) {
        return Optional.ofNullable(held);
      }
      return after == null ? Optional.empty() : Optional.ofNullable(held);
    }

    @Override
    public LeadPage list(String workspaceId, LeadQuery query) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Lead> get(String workspaceId, String leadId) {
      throw new UnsupportedOperationException();
    }
  }
}
