package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.buena.leads.consistency.AppliedOffsets;
import ai.buena.leads.index.IndexRole;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.index.RetiredCopy;
import ai.buena.leads.lead.Lead;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A partition whose active is not here, with both a standby copy (its task, restoring or following
 * the changelog) and a retired copy (kept when an earlier task of it closed here, e.g. one that
 * exactly-once then wiped): the standby copy answers while the bound admits its lag, else the
 * retired copy does while the bound admits its own; when neither can, the answer is a 503 that
 * names the standby copy's lag.
 */
class StaleCopyChoiceTest {
  private static final StandbyBound BOUND = new StandbyBound(1000);
  private static final String WORKSPACE = TestLeads.WORKSPACE;

  private final LocalIndexes indexes = new LocalIndexes(new AppliedOffsets(), Duration.ofMinutes(5));

  StaleCopyChoiceTest() {
    PartitionIndex earlier = index(List.of("lead_1", "lead_2", "lead_3"));
    indexes.register(earlier, IndexRole.STANDBY);
    RetiredCopy kept = new RetiredCopy(earlier, "app-leads-changelog", 0, 41, () -> {}, System.nanoTime());
    assertThat(indexes.retire(kept, earlier)).isTrue();
    indexes.register(index(List.of("lead_1")), IndexRole.STANDBY);
  }

  @AfterEach
  void closeCopies() {
    indexes.closeAllRetired();
  }

  @Test
  void shouldAnswerFromTheRetiredCopyWhenTheStandbyCopyIsFurtherBehindThanTheBound() {
    LocalLeadQueryService service = service(5_000, 3);

    PartialAnswer answer = service.partial(WORKSPACE, LeadQuery.defaults(), Set.of(0), BOUND);

    assertThat(answer.total()).isEqualTo(3);
    assertThat(answer.staleness()).isEqualTo(Staleness.ofStandby(0, 3));
  }

  @Test
  void shouldAnswerFromTheStandbyCopyWhileTheBoundAdmitsItsLag() {
    LocalLeadQueryService service = service(10, 3);

    PartialAnswer answer = service.partial(WORKSPACE, LeadQuery.defaults(), Set.of(0), BOUND);

    assertThat(answer.total()).isEqualTo(1);
    assertThat(answer.staleness()).isEqualTo(Staleness.ofStandby(0, 10));
  }

  @Test
  void shouldRefuseNamingTheStandbyCopysLagWhenNeitherCopyIsWithinTheBound() {
    LocalLeadQueryService service = service(5_000, 4_000);

    assertThatThrownBy(() -> service.partial(WORKSPACE, LeadQuery.defaults(), Set.of(0), BOUND))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("the standby copy of partition 0 is 5000 records behind");
  }

  @Test
  void shouldReadALeadFromTheRetiredCopyWhenTheStandbyCopyIsFurtherBehindThanTheBound() {
    LocalLeadQueryService service = service(5_000, 3);

    Answered<Optional<Lead>> found = service.find(WORKSPACE, "lead_2", BOUND);

    assertThat(found.value()).map(Lead::id).contains("lead_2");
    assertThat(found.staleness()).isEqualTo(Staleness.ofStandby(0, 3));
  }

  @Test
  void shouldReadALeadFromTheStandbyCopyWhileTheBoundAdmitsItsLag() {
    LocalLeadQueryService service = service(10, 3);

    Answered<Optional<Lead>> found = service.find(WORKSPACE, "lead_2", BOUND);

    assertThat(found.value()).isEmpty();
    assertThat(found.staleness()).isEqualTo(Staleness.ofStandby(0, 10));
  }

  @Test
  void shouldNeverAnswerFromEitherCopyWhenStaleAnswersAreOff() {
    LocalLeadQueryService service = service(10, 3);

    assertThatThrownBy(
            () -> service.partial(WORKSPACE, LeadQuery.defaults(), Set.of(0), StandbyBound.OFF))
        .isInstanceOf(UnavailableException.class);
  }

  private LocalLeadQueryService service(long standbyLag, long retiredLag) {
    return new LocalLeadQueryService(
        indexes,
        1,
        () -> true,
        id -> 0,
        LocalLeadQueryService.DEFAULT_WORK_BUDGET,
        PartitionMoves.copiesBehind(OptionalLong.of(standbyLag), OptionalLong.of(retiredLag)));
  }

  private static PartitionIndex index(List<String> ids) {
    Map<String, Lead> store = new HashMap<>();
    PartitionIndex index = new PartitionIndex(0, store::get);
    for (String id : ids) {
      Lead lead = TestLeads.aLead(id).build();
      index.change(() -> store.put(id, lead), null, lead);
    }
    return index;
  }
}
