package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.testing.Seeded;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

class WorkspaceIndexTest {
  private static final String WORKSPACE = "ws_orders";
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  private static final String[] NAMES = {"ann", "bob", "cleo", null};

  @Test
  void shouldWalkEveryOrderOverTheLeadsCurrentSummariesAfterChanges() {
    Seeded.check(
        20,
        random -> {
          Map<String, Lead> store = new HashMap<>();
          PartitionIndex index = new PartitionIndex(0, store::get);
          List<Lead> leads = new ArrayList<>();
          for (int i = 0; i < 300; i++) {
            Lead lead = lead("lead-" + i, random, LeadStatus.NEW);
            leads.add(lead);
            store.put(lead.id(), lead);
          }
          index.loadAll(leads.iterator());
          for (int i = 0; i < 600; i++) {
            Lead before = store.get("lead-" + random.nextInt(leads.size()));
            Lead after =
                random.nextBoolean()
                    ? withStatus(before, LeadStatus.values()[random.nextInt(LeadStatus.values().length)])
                    : lead(before.id(), random, before.status());
            index.change(() -> store.put(after.id(), after), before, after);
          }

          index.read(
              WORKSPACE,
              view -> {
                WorkspaceIndex workspace = view.workspace();
                for (IndexedField field : IndexedField.values()) {
                  List<LeadSummary> walked = new ArrayList<>();
                  workspace.inOrder(field, true).forEachRemaining(walked::add);
                  assertThat(walked).as("%s", field).hasSize(store.size());
                  assertThat(walked)
                      .as("%s: every summary walked is the lead's current one", field)
                      .allSatisfy(summary -> {
                        assertThat(workspace.holdsAsIs(summary)).isTrue();
                        assertThat(summary.status()).isEqualTo(store.get(summary.id()).status());
                      });
                }
                return null;
              });
        });
  }

  @Test
  void shouldKeepEveryOrderSortedWhileTheIndexGrowsPastAndShrinksBelowSixteenLeadsAndIsSavedAndLoaded() {
    Seeded.check(
        30,
        random -> {
          Map<String, Lead> store = new HashMap<>();
          PartitionIndex index = new PartitionIndex(0, store::get);
          // up to past WorkspaceIndex.ORDERS_FROM and back: arrays of docs, then lists kept
          int most = 1 + random.nextInt(2 * WorkspaceIndex.ORDERS_FROM);
          int next = 0;
          for (int step = 0; step < 120; step++) {
            List<String> ids = new ArrayList<>(store.keySet());
            int dice = random.nextInt(4);
            if (ids.isEmpty() || (dice == 0 && store.size() < most)) {
              Lead added = lead("lead-" + next++, random, LeadStatus.NEW);
              index.change(() -> store.put(added.id(), added), null, added);
            } else if (dice == 1 || step > 90) {
              Lead gone = store.get(ids.get(random.nextInt(ids.size())));
              index.change(() -> store.remove(gone.id()), gone, null);
            } else {
              Lead before = store.get(ids.get(random.nextInt(ids.size())));
              Lead after = lead(before.id(), random, before.status());
              index.change(() -> store.put(after.id(), after), before, after);
            }
            if (step % 15 == 14) {
              index = roundTrip(index, store);
            }
            assertEveryOrderSorted(index, store);
          }
        });
  }

  private static void assertEveryOrderSorted(PartitionIndex index, Map<String, Lead> store) {
    if (store.isEmpty()) {
      return;
    }
    WorkspaceIndex reference = new WorkspaceIndex();
    List<LeadSummary> summaries = store.values().stream().map(reference::summarize).toList();
    index.read(
        WORKSPACE,
        view -> {
          WorkspaceIndex workspace = view.workspace();
          for (IndexedField field : IndexedField.values()) {
            for (boolean ascending : new boolean[] {true, false}) {
              List<String> expected =
                  summaries.stream().sorted(field.inAnswerOrder(ascending)).map(LeadSummary::id).toList();
              List<String> walked = new ArrayList<>();
              workspace.order(field, ascending).from(0).forEachRemaining(lead -> walked.add(lead.id()));
              assertThat(walked).as("%s %s of %d leads", field, ascending ? "asc" : "desc", store.size())
                  .containsExactlyElementsOf(expected);
            }
          }
          return null;
        });
  }

  @Test
  void shouldMatchManyFrequentTermsWhileOtherReadersCacheAndEvictThem() throws Exception {
    List<String> words = new ArrayList<>();
    for (char a = 'a'; a < 'a' + 6; a++) {
      for (char b = 'a'; b < 'a' + 8; b++) {
        words.add("k" + a + b);
      }
    }
    String title = String.join(" ", words);
    Map<String, Lead> store = new HashMap<>();
    PartitionIndex index = new PartitionIndex(0, store::get);
    List<Lead> leads = new ArrayList<>();
    int count = 4 * (int) WorkspaceIndex.CACHE_FROM_CANDIDATES;
    for (int i = 0; i < count; i++) {
      Lead lead = withTitle(lead("lead-" + i, new Random(i), LeadStatus.NEW), title);
      leads.add(lead);
      store.put(lead.id(), lead);
    }
    index.loadAll(leads.iterator());
    // more terms than TimSort sorts by insertion (32), drawn from three times as many as the term
    // cache holds: the readers keep caching and evicting the terms the others are sorting
    int termsPerQuery = 40;
    List<java.util.concurrent.Callable<List<Long>>> readers = new ArrayList<>();
    for (int reader = 0; reader < 4; reader++) {
      Random random = new Random(reader);
      readers.add(
          () -> {
            List<Long> matched = new ArrayList<>();
            for (int query = 0; query < 150; query++) {
              List<String> terms = new ArrayList<>(words);
              java.util.Collections.shuffle(terms, random);
              Criteria criteria = criteria(null, null, null, null, terms.subList(0, termsPerQuery));
              matched.add(
                  index.read(
                      WORKSPACE,
                      view ->
                          view.workspace()
                              .matchingToRead(criteria, WorkBudget.unlimited())
                              .getLongCardinality()));
            }
            return matched;
          });
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      for (java.util.concurrent.Future<List<Long>> answers : pool.invokeAll(readers)) {
        assertThat(answers.get()).containsOnly((long) count);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Lead withTitle(Lead lead, String title) {
    return new Lead(
        lead.id(), lead.workspaceId(), lead.firstName(), lead.lastName(), lead.email(), lead.linkedinUrl(),
        lead.company(), title, lead.phone(), lead.location(), lead.status(), lead.source(), lead.notes(),
        lead.tags(), lead.customFields(), lead.createdAt(), lead.updatedAt(), lead.lastContactedAt());
  }

  @TempDir Path dir;

  @Test
  void shouldMatchEveryStatusAndSourceAsTheLeadsAreAfterChangesAndARoundTrip() {
    Seeded.check(
        16,
        random -> {
          Map<String, Lead> store = new HashMap<>();
          PartitionIndex index = new PartitionIndex(0, store::get);
          List<Lead> leads = new ArrayList<>();
          // a small index intersects a status's and a source's docs when asked; a large one keeps
          // the pairs, built again when a snapshot loads
          int count = random.nextBoolean() ? 60 : WorkspaceIndex.POSTINGS_FROM + 200;
          for (int i = 0; i < count; i++) {
            Lead lead = lead("lead-" + i, random, LeadStatus.values()[random.nextInt(LeadStatus.values().length)]);
            leads.add(lead);
            store.put(lead.id(), lead);
          }
          index.loadAll(leads.iterator());
          changeSome(index, store, random);
          assertStatusSourcePairs(index, store);
          PartitionIndex loaded = roundTrip(index, store);
          assertStatusSourcePairs(loaded, store);
          changeSome(loaded, store, random);
          assertStatusSourcePairs(loaded, store);
        });
  }

  /** Changes statuses and sources, removes leads and adds new ones (reusing doc numbers). */
  private static void changeSome(PartitionIndex index, Map<String, Lead> store, Random random) {
    List<String> ids = new ArrayList<>(store.keySet());
    for (int i = 0; i < 300; i++) {
      Lead before = store.get(ids.get(random.nextInt(ids.size())));
      if (before == null) {
        continue;
      }
      int dice = random.nextInt(4);
      if (dice == 0) {
        index.change(() -> store.remove(before.id()), before, null);
      } else {
        LeadStatus status =
            dice == 1 ? LeadStatus.values()[random.nextInt(LeadStatus.values().length)] : before.status();
        Lead after = lead(before.id(), random, status);
        index.change(() -> store.put(after.id(), after), before, after);
      }
    }
    for (int i = 0; i < 50; i++) {
      Lead added = lead("added-" + UUID.randomUUID(), random, LeadStatus.values()[random.nextInt(5)]);
      index.change(() -> store.put(added.id(), added), null, added);
    }
  }

  private static void assertStatusSourcePairs(PartitionIndex index, Map<String, Lead> store) {
    index.read(
        WORKSPACE,
        view -> {
          WorkspaceIndex workspace = view.workspace();
          for (LeadStatus status : LeadStatus.values()) {
            for (LeadSource source : LeadSource.values()) {
              RoaringBitmap expected = new RoaringBitmap();
              for (Lead lead : store.values()) {
                if (lead.status() == status && lead.source() == source) {
                  expected.add(docOf(workspace, lead.id()));
                }
              }
              assertThat(workspace.matchingToRead(criteria(status, source, null, null, List.of()), WorkBudget.unlimited()))
                  .as("%s %s", status, source)
                  .isEqualTo(expected);
            }
          }
          return null;
        });
  }

  private static int docOf(WorkspaceIndex workspace, String id) {
    for (java.util.Iterator<LeadSummary> walk = workspace.inOrder(IndexedField.CREATED_AT, true); walk.hasNext(); ) {
      LeadSummary lead = walk.next();
      if (lead.id().equals(id)) {
        return lead.doc();
      }
    }
    throw new AssertionError("not indexed: " + id);
  }

  private PartitionIndex roundTrip(PartitionIndex index, Map<String, Lead> store) {
    return SnapshotRoundTrip.partition(dir, index, store::get);
  }

  private static Criteria criteria(
      LeadStatus status, LeadSource source, String company, String titlePart, List<String> terms) {
    return new Criteria(status, source, company, titlePart, terms, null, null, null, null);
  }

  /** A lead with values from a few, so that changes often keep a field's value and place. */
  private static Lead lead(String id, Random random, LeadStatus status) {
    Instant created = START.plusSeconds(random.nextInt(5));
    Instant contacted = random.nextBoolean() ? null : created.plusSeconds(random.nextInt(3));
    return new Lead(
        id, WORKSPACE, pick(random), pick(random), id + "@example.com", null, pick(random), "engineer",
        null, null, status, LeadSource.values()[random.nextInt(LeadSource.values().length)], null,
        List.of(), Map.of(), created, created.plusSeconds(random.nextInt(2)), contacted);
  }

  private static String pick(Random random) {
    return NAMES[random.nextInt(NAMES.length)];
  }

  private static Lead withStatus(Lead lead, LeadStatus status) {
    return new Lead(
        lead.id(), lead.workspaceId(), lead.firstName(), lead.lastName(), lead.email(), lead.linkedinUrl(),
        lead.company(), lead.title(), lead.phone(), lead.location(), status, lead.source(), lead.notes(),
        lead.tags(), lead.customFields(), lead.createdAt(), lead.updatedAt(), lead.lastContactedAt());
  }
}
