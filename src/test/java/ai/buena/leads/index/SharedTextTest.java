package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.lead.Lead;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedTextTest {
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  @TempDir Path dir;

  @Test
  void shouldGiveTheInstanceItHoldsForAnEqualText() {
    String first = new String("shared-" + UUID.randomUUID());
    String again = new String(first);

    assertThat(SharedText.of(first)).isSameAs(first);
    assertThat(SharedText.of(again)).isSameAs(first);
  }

  @Test
  void shouldKeepTwoTextsOfOnePairAndPushOutTheOneUsedLeast() {
    List<String> pair = textsOfOnePair(3);
    String older = pair.get(0);
    String recent = pair.get(1);
    SharedText.of(older);
    SharedText.of(recent);
    SharedText.of(new String(older)); // older used again: recent is now the one used least

    SharedText.of(pair.get(2));

    assertThat(SharedText.of(new String(older))).isSameAs(older);
    String recentAgain = new String(recent);
    assertThat(SharedText.of(recentAgain)).isSameAs(recentAgain).isNotSameAs(recent);
  }

  @Test
  void shouldNotHoldATextLongerThanSharedValuesAre() {
    String longest = "x".repeat(SharedText.MAX_LENGTH - 36) + UUID.randomUUID();
    String tooLong = longest + "y";
    SharedText.of(longest);
    SharedText.of(tooLong);

    assertThat(SharedText.of(new String(longest))).isSameAs(longest);
    String again = new String(tooLong);
    assertThat(SharedText.of(again)).isSameAs(again);
  }

  @Test
  void shouldAlwaysGiveAnEqualText() {
    Random random = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      String text = Integer.toString(random.nextInt(300_000), 36);
      assertThat(SharedText.of(new String(text))).isEqualTo(text);
    }
    assertThat(SharedText.of(null)).isNull();
  }

  @Test
  void shouldGiveWorkspacesOfAnyIndexSizeOneInstanceOfANameTheyShare() {
    Map<String, Lead> store = new HashMap<>();
    PartitionIndex index = new PartitionIndex(0, store::get);
    List<Lead> leads = new ArrayList<>();
    // ws_tiny keeps its orders in arrays, ws_small no postings, ws_large every posting
    for (String workspace : List.of("ws_tiny:3", "ws_small:40", "ws_large:1030")) {
      String[] nameAndSize = workspace.split(":");
      for (int i = 0; i < Integer.parseInt(nameAndSize[1]); i++) {
        leads.add(lead(nameAndSize[0] + "-" + i, nameAndSize[0]));
      }
    }
    leads.forEach(lead -> store.put(lead.id(), lead));
    index.loadAll(leads.iterator());

    assertSharedAcrossWorkspaces(index);
    assertSharedAcrossWorkspaces(roundTrip(index, store));
  }

  private static void assertSharedAcrossWorkspaces(PartitionIndex index) {
    LeadSummary tiny = summaryOf(index, "ws_tiny", "ws_tiny-0");
    for (String other : List.of("ws_small", "ws_large")) {
      LeadSummary lead = summaryOf(index, other, other + "-1");
      assertThat(lead.firstName()).isEqualTo("johanna").isSameAs(tiny.firstName());
      assertThat(lead.lastName()).isEqualTo("johansson").isSameAs(tiny.lastName());
      assertThat(lead.company()).isEqualTo("acme gmbh").isSameAs(tiny.company());
      assertThat(lead.title()).isEqualTo("head of sales").isSameAs(tiny.title());
    }
  }

  private static LeadSummary summaryOf(PartitionIndex index, String workspace, String leadId) {
    return index.read(
        workspace,
        view -> {
          for (Iterator<LeadSummary> walk = view.workspace().inOrder(IndexedField.CREATED_AT, true); walk.hasNext(); ) {
            LeadSummary lead = walk.next();
            if (lead.id().equals(leadId)) {
              return lead;
            }
          }
          throw new AssertionError("not indexed: " + leadId);
        });
  }

  private PartitionIndex roundTrip(PartitionIndex index, Map<String, Lead> store) {
    return SnapshotRoundTrip.partition(dir, index, store::get);
  }

  /** A lead whose text is a new string each time, as decoding its JSON makes. */
  private static Lead lead(String id, String workspace) {
    return new Lead(
        id, workspace, new String("Johanna"), new String("Johansson"), id + "@example.com", null,
        new String("ACME GmbH"), new String("Head of Sales"), null, null, LeadStatus.NEW, LeadSource.WEBSITE,
        null, List.of(), Map.of(), START, START, null);
  }

  /** {@code count} texts whose pair of slots is the same. */
  private static List<String> textsOfOnePair(int count) {
    String prefix = "pair-" + UUID.randomUUID() + "-";
    int pair = SharedText.pairOf(prefix + 0);
    List<String> texts = new ArrayList<>(List.of(prefix + 0));
    for (int i = 1; texts.size() < count; i++) {
      if (SharedText.pairOf(prefix + i) == pair) {
        texts.add(prefix + i);
      }
    }
    return texts;
  }
}
