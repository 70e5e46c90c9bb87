package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.query.TestLeads;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class DateRangeCacheTest {
  private static final Instant DAY = Instant.parse("2025-01-01T00:00:00Z");

  @Test
  void shouldKeepAtMostEightRangesDroppingTheLeastRecentlyUsed() {
    DateRangeCache cache = new DateRangeCache();
    for (int i = 0; i < 9; i++) {
      cache.put(range(i), RoaringBitmap.bitmapOf(i), 1_000);
      cache.get(range(0));
    }

    assertThat(cache.size()).isEqualTo(DateRangeCache.MAX_RANGES);
    assertThat(cache.get(range(0))).isNotNull();
    assertThat(cache.get(range(1))).isNull();
  }

  @Test
  void shouldNotKeepMoreBytesThanFourAPerLeadOfTheIndex() {
    DateRangeCache cache = new DateRangeCache();
    RoaringBitmap large = RoaringBitmap.bitmapOf(1, 70_000, 140_000, 210_000);

    cache.put(range(1), large, 1);

    assertThat(cache.get(range(1))).isNull();
    assertThat(cache.bytes()).isZero();
  }

  @Test
  void shouldDropEveryRangeWhenCleared() {
    DateRangeCache cache = new DateRangeCache();
    cache.put(range(1), RoaringBitmap.bitmapOf(1), 1_000);

    cache.clear();

    assertThat(cache.get(range(1))).isNull();
    assertThat(cache.bytes()).isZero();
  }

  @Test
  void shouldAnswerARangeAskedAgainFromTheCacheUntilTheIndexChanges() {
    WorkspaceIndex workspace = new WorkspaceIndex();
    Map<String, Lead> leads = new HashMap<>();
    for (int i = 0; i < 20; i++) {
      put(workspace, leads, TestLeads.aLead("lead_" + i).createdAt(DAY.plusSeconds(3_600L * i)).build());
    }
    Criteria firstHalf =
        new Criteria(null, null, null, null, java.util.List.of(), null, DAY.plusSeconds(3_600L * 10), null, null);

    RoaringBitmap first = workspace.matchingToRead(firstHalf, WorkBudget.unlimited());
    RoaringBitmap again = workspace.matchingToRead(firstHalf, WorkBudget.unlimited());
    put(workspace, leads, TestLeads.aLead("lead_new").createdAt(DAY).build());
    RoaringBitmap changed = workspace.matchingToRead(firstHalf, WorkBudget.unlimited());

    assertThat(first.getCardinality()).isEqualTo(10);
    assertThat(again).isSameAs(first);
    assertThat(changed).isNotSameAs(first);
    assertThat(changed.getCardinality()).isEqualTo(11);
    assertThat(first.getCardinality()).isEqualTo(10);
  }

  @Test
  void shouldAnswerAStatusWithinARangeAskedAgainFromTheCacheUntilALeadsStatusChanges() {
    WorkspaceIndex workspace = new WorkspaceIndex();
    Map<String, Lead> leads = new HashMap<>();
    for (int i = 0; i < 20; i++) {
      LeadStatus status = i % 2 == 0 ? LeadStatus.CONTACTED : LeadStatus.NEW;
      put(workspace, leads, TestLeads.aLead("lead_" + i).status(status).createdAt(hour(i)).build());
    }
    Criteria contactedInFirstHalf =
        new Criteria(LeadStatus.CONTACTED, null, null, null, java.util.List.of(), null, hour(10), null, null);

    RoaringBitmap first = workspace.matchingToRead(contactedInFirstHalf, WorkBudget.unlimited());
    RoaringBitmap again = workspace.matchingToRead(contactedInFirstHalf, WorkBudget.unlimited());
    put(workspace, leads, TestLeads.aLead("lead_1").status(LeadStatus.CONTACTED).createdAt(hour(1)).build());
    RoaringBitmap changed = workspace.matchingToRead(contactedInFirstHalf, WorkBudget.unlimited());

    assertThat(first.getCardinality()).isEqualTo(5);
    assertThat(again).isSameAs(first);
    assertThat(changed.getCardinality()).isEqualTo(6);
    assertThat(first.getCardinality()).as("the cached bitmap itself is never changed").isEqualTo(5);
  }

  @Test
  void shouldNotAnswerARangeFromBeforeALeadWasRemoved() {
    WorkspaceIndex workspace = new WorkspaceIndex();
    Map<String, Lead> leads = new HashMap<>();
    for (int i = 0; i < 5; i++) {
      put(workspace, leads, TestLeads.aLead("lead_" + i).createdAt(DAY.plusSeconds(60L * i)).build());
    }
    Criteria all = new Criteria(null, null, null, null, java.util.List.of(), DAY.minusSeconds(1), null, null, null);
    assertThat(workspace.matchingToRead(all, WorkBudget.unlimited()).getCardinality()).isEqualTo(5);

    workspace.remove("lead_3");

    assertThat(workspace.matchingToRead(all, WorkBudget.unlimited()).getCardinality()).isEqualTo(4);
  }

  private static void put(WorkspaceIndex workspace, Map<String, Lead> leads, Lead lead) {
    leads.put(lead.id(), lead);
    workspace.put(workspace.summarize(lead));
  }

  private static Instant hour(int hours) {
    return DAY.plusSeconds(3_600L * hours);
  }

  private static DateRangeCache.Range range(int days) {
    return new DateRangeCache.Range(IndexedField.CREATED_AT, null, DAY.plusSeconds(86_400L * days));
  }
}
