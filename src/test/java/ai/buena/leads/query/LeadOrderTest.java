package ai.buena.leads.query;

import static ai.buena.leads.query.TestLeads.aLead;
import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.lead.Lead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LeadOrderTest {

  private static final Instant T1 = Instant.parse("2024-01-01T00:00:00Z");
  private static final Instant T2 = Instant.parse("2024-01-02T00:00:00Z");
  private static final Instant T3 = Instant.parse("2024-01-03T00:00:00Z");

  private static List<String> sortedIds(SortField field, SortOrder order, Lead... leads) {
    List<Lead> shuffled = new ArrayList<>(List.of(leads));
    Collections.reverse(shuffled);
    shuffled.sort(LeadOrder.comparator(field, order));
    return shuffled.stream().map(Lead::id).toList();
  }

  @Test
  void shouldSortByCreatedAtAscending() {
    assertThat(
            sortedIds(
                SortField.CREATED_AT,
                SortOrder.ASC,
                aLead("b").createdAt(T2).build(),
                aLead("c").createdAt(T3).build(),
                aLead("a").createdAt(T1).build()))
        .containsExactly("a", "b", "c");
  }

  @Test
  void shouldSortByCreatedAtDescending() {
    assertThat(
            sortedIds(
                SortField.CREATED_AT,
                SortOrder.DESC,
                aLead("b").createdAt(T2).build(),
                aLead("c").createdAt(T3).build(),
                aLead("a").createdAt(T1).build()))
        .containsExactly("c", "b", "a");
  }

  @Test
  void shouldSortByUpdatedAt() {
    assertThat(
            sortedIds(
                SortField.UPDATED_AT,
                SortOrder.ASC,
                aLead("late").createdAt(T1).updatedAt(T3).build(),
                aLead("early").createdAt(T3).updatedAt(T1).build()))
        .containsExactly("early", "late");
  }

  @Test
  void shouldPutNeverContactedLeadsLastAscending() {
    assertThat(
            sortedIds(
                SortField.LAST_CONTACTED_AT,
                SortOrder.ASC,
                aLead("never").lastContactedAt(null).build(),
                aLead("late").lastContactedAt(T2).build(),
                aLead("early").lastContactedAt(T1).build()))
        .containsExactly("early", "late", "never");
  }

  @Test
  void shouldPutNeverContactedLeadsLastDescending() {
    assertThat(
            sortedIds(
                SortField.LAST_CONTACTED_AT,
                SortOrder.DESC,
                aLead("never").lastContactedAt(null).build(),
                aLead("early").lastContactedAt(T1).build(),
                aLead("late").lastContactedAt(T2).build()))
        .containsExactly("late", "early", "never");
  }

  @ParameterizedTest
  @EnumSource(SortOrder.class)
  void shouldPutMissingTextLastInEitherDirection(SortOrder order) {
    List<String> ids =
        sortedIds(
            SortField.COMPANY,
            order,
            aLead("none").company(null).build(),
            aLead("acme").company("Acme").build(),
            aLead("zeta").company("Zeta").build());

    assertThat(ids).endsWith("none");
  }

  @Test
  void shouldCompareTextCaseInsensitively() {
    assertThat(
            sortedIds(
                SortField.LAST_NAME,
                SortOrder.ASC,
                aLead("1").lastName("beta").build(),
                aLead("2").lastName("Alpha").build(),
                aLead("3").lastName("CHARLIE").build()))
        .containsExactly("2", "1", "3");
  }

  @Test
  void shouldCompareTextByCodePointNotByUtf16Unit() {
    String supplementary = "\uD83D\uDE00";
    String highBmp = "\uFF21";

    assertThat(
            sortedIds(
                SortField.FIRST_NAME,
                SortOrder.ASC,
                aLead("emoji").firstName(supplementary).build(),
                aLead("fullwidth").firstName(highBmp).build()))
        .containsExactly("fullwidth", "emoji");
    assertThat(supplementary.compareTo(highBmp)).isNegative();
  }

  @Test
  void shouldBreakTiesByIdAscending() {
    assertThat(
            sortedIds(
                SortField.COMPANY,
                SortOrder.ASC,
                aLead("lead_b").company("Same").build(),
                aLead("lead_c").company("same").build(),
                aLead("lead_a").company("SAME").build()))
        .containsExactly("lead_a", "lead_b", "lead_c");
  }

  @Test
  void shouldBreakTiesByIdDescending() {
    assertThat(
            sortedIds(
                SortField.CREATED_AT,
                SortOrder.DESC,
                aLead("lead_b").createdAt(T1).build(),
                aLead("lead_c").createdAt(T1).build(),
                aLead("lead_a").createdAt(T1).build()))
        .containsExactly("lead_c", "lead_b", "lead_a");
  }

  @Test
  void shouldBreakTiesAmongMissingValuesByIdInTheSameDirection() {
    assertThat(
            sortedIds(
                SortField.LAST_CONTACTED_AT,
                SortOrder.DESC,
                aLead("a").build(),
                aLead("c").build(),
                aLead("b").lastContactedAt(T1).build()))
        .containsExactly("b", "c", "a");
  }

  @Test
  void shouldBreakTiesByIdCodePoint() {
    assertThat(
            sortedIds(
                SortField.CREATED_AT,
                SortOrder.ASC,
                aLead("lead_\uD83D\uDE00").build(),
                aLead("lead_\uFF21").build()))
        .containsExactly("lead_\uFF21", "lead_\uD83D\uDE00");
  }

  @Test
  void shouldOrderKeysAsItOrdersLeads() {
    Lead early = aLead("early").createdAt(T1).build();
    Lead late = aLead("late").createdAt(T2).build();

    int byKey =
        LeadOrder.keyComparator(SortOrder.ASC)
            .compare(
                LeadOrder.sortKey(early, SortField.CREATED_AT),
                LeadOrder.sortKey(late, SortField.CREATED_AT));

    assertThat(byKey).isNegative();
    assertThat(LeadOrder.sortKey(aLead("x").company("Tech Corp").build(), SortField.COMPANY))
        .isEqualTo(new SortKey("tech corp", "x"));
  }
}
