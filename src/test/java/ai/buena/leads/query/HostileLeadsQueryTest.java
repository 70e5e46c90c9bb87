package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.testing.HostileDataset;
import ai.buena.leads.testing.Seeded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast engine against the reference on the data sets built to break its assumptions ({@link
 * HostileDataset}: one company for half the leads, numbered values, long and non-ASCII text), through
 * churn (deletes, renames, new leads taking freed doc numbers) and beside many small workspaces.
 * Partitions keep postings (over 2,048 leads, or long text), so frequent terms are cached and kept
 * by the writes.
 */
class HostileLeadsQueryTest {
  private static final String WORKSPACE = "ws_hostile";
  private static final int PARTITIONS = 2;
  private static final String[] SHORT_TERMS = {"e", "a", "0", "an", "00", "qz", "@", ".", "-", "ü", "王", "🚀"};

  @Test
  void shouldAnswerQueriesOnHostileDataSetsExactlyAsTheReference() {
    Seeded.check(
        6,
        random -> {
          HostileDataset data = HostileDataset.values()[random.nextInt(HostileDataset.values().length)];
          Workspace workspace = new Workspace(data, random.nextLong(), sizeWithPostings(data, random), random.nextBoolean());
          for (int i = 0; i < 30; i++) {
            workspace.check(WORKSPACE, randomQuery(random, data, workspace.all()));
          }
        });
  }

  @Test
  void shouldAnswerALongTermOverLeadsWithLongTextBelowTheSizeThatKeepsPostingsForOrdinaryText() {
    // ~1,700 leads a partition, a fifth with titles of ~1,000 chars: a scan of their text for a
    // term of 200 chars costs more than a request's budget; their postings do not
    Workspace workspace = new Workspace(HostileDataset.REPETITIVE, 11, PARTITIONS * 1_700, false);
    workspace.check(WORKSPACE, longTermQuery());
  }

  @Test
  void shouldAnswerALongTermAfterRenamesGaveLeadsBelowTheSizeThatKeepsPostingsLongText() {
    Workspace workspace = new Workspace(HostileDataset.ORDINARY, 12, PARTITIONS * 1_700, false);
    List<Lead> all = workspace.all();
    for (int i = 0; i < all.size(); i++) {
      Lead longText = HostileDataset.REPETITIVE.lead(13, WORKSPACE, i);
      workspace.write(all.get(i), withTextOf(all.get(i), longText));
    }
    workspace.check(WORKSPACE, longTermQuery());
  }

  /** A term of 200 chars that {@link HostileDataset#REPETITIVE}'s long text nearly matches everywhere. */
  private static LeadQuery longTermQuery() {
    return LeadQuery.builder()
        .limit(6)
        .sortBy(SortField.COMPANY)
        .sortOrder(SortOrder.DESC)
        .searchTerms(List.of("a".repeat(196) + "b"))
        .build();
  }

  /**
   * Leads enough for every partition to keep postings: over 2,048 a partition, or over 1,024 with
   * {@link HostileDataset#REPETITIVE}'s long titles (whose 200-char terms cost more than a
   * request's budget past ~2,500 leads a partition: 503, as designed).
   */
  private static int sizeWithPostings(HostileDataset data, Random random) {
    return data == HostileDataset.REPETITIVE
        ? PARTITIONS * 1_200 + random.nextInt(1_200)
        : PARTITIONS * 2_200 + random.nextInt(1_200);
  }

  @Test
  void shouldAnswerQueriesOnHostileDataSetsInIndexesWithoutPostingsExactlyAsTheReference() {
    Seeded.check(
        2,
        random -> {
          for (HostileDataset data : HostileDataset.values()) {
            // below WorkspaceIndex.POSTINGS_FROM leads a partition: searched by a scan, each lead tested
            int count = 100 + random.nextInt(PARTITIONS * 2_000 - 100);
            Workspace workspace = new Workspace(data, random.nextLong(), count, random.nextBoolean());
            for (int i = 0; i < 30; i++) {
              for (int writes = random.nextInt(20); writes > 0; writes--) {
                workspace.churn(random);
              }
              workspace.check(WORKSPACE, randomQuery(random, data, workspace.all()));
            }
          }
        });
  }

  @Test
  void shouldAnswerAsTheReferenceWhileLeadsAreDeletedRenamedAndAdded() {
    Seeded.check(
        4,
        random -> {
          HostileDataset data = HostileDataset.values()[random.nextInt(HostileDataset.values().length)];
          Workspace workspace = new Workspace(data, random.nextLong(), sizeWithPostings(data, random), true);
          for (int i = 0; i < 20; i++) {
            for (int writes = random.nextInt(60); writes > 0; writes--) {
              workspace.churn(random);
            }
            workspace.check(WORKSPACE, randomQuery(random, data, workspace.all()));
          }
        });
  }

  @Test
  void shouldAnswerSmallWorkspacesBesideALargeOneAsTheReference() {
    Seeded.check(
        2,
        random -> {
          Workspace workspace = new Workspace(HostileDataset.ORDINARY, random.nextLong(), 2_400, false);
          for (int tenant = 0; tenant < 200; tenant++) {
            for (int i = 0; i < 10; i++) {
              workspace.write(null, HostileDataset.tenantLead(random.nextLong(), tenant, i));
            }
          }
          for (int i = 0; i < 25; i++) {
            String asked = random.nextBoolean() ? WORKSPACE : String.format("ws_small_%04d", random.nextInt(200));
            List<Lead> leads = workspace.all().stream().filter(l -> l.workspaceId().equals(asked)).toList();
            workspace.check(asked, randomQuery(random, HostileDataset.ORDINARY, leads));
          }
        });
  }

  /** Leads in {@link #PARTITIONS} partition indexes, written as the processor writes them. */
  private static final class Workspace {
    /** In insertion order, so that a seed picks the same leads again. */
    private final Map<String, Lead> leads = new LinkedHashMap<>();
    private final List<Map<String, Lead>> stores = new ArrayList<>();
    private final LocalIndexes indexes = new LocalIndexes();
    private final LocalLeadQueryService fast;
    private final HostileDataset data;
    private final long seed;
    private int next;

    Workspace(HostileDataset data, long seed, int count, boolean loadAtOnce) {
      this.data = data;
      this.seed = seed;
      for (int p = 0; p < PARTITIONS; p++) {
        Map<String, Lead> store = new HashMap<>();
        stores.add(store);
        indexes.register(new PartitionIndex(p, store::get));
      }
      for (next = 0; next < count; next++) {
        Lead lead = data.lead(seed, WORKSPACE, next);
        if (loadAtOnce) {
          leads.put(lead.id(), lead);
          stores.get(partitionOf(lead.id())).put(lead.id(), lead);
        } else {
          write(null, lead);
        }
      }
      if (loadAtOnce) {
        for (int p = 0; p < PARTITIONS; p++) {
          indexes.partition(p).orElseThrow().loadAll(stores.get(p).values().iterator());
        }
      }
      fast = new LocalLeadQueryService(indexes, PARTITIONS, () -> true, HostileLeadsQueryTest::partitionOf);
    }

    List<Lead> all() {
      return new ArrayList<>(leads.values());
    }

    void check(String workspaceId, LeadQuery query) {
      LeadPage expected = new ReferenceQueryEngine(leads.values()).query(workspaceId, query);
      LeadPage actual;
      try {
        actual = fast.list(workspaceId, query);
      } catch (RuntimeException e) {
        throw new AssertionError(query + " on " + leads.size() + " leads of " + data + " failed", e);
      }
      assertThat(actual.pagination()).as("%s", query).isEqualTo(expected.pagination());
      assertThat(ids(actual)).as("%s", query).containsExactlyElementsOf(ids(expected));
    }

    /** One write: a delete, a rename with a new status (to and from frequent values), or a new lead. */
    void churn(Random random) {
      List<Lead> all = all();
      Lead some = all.get(random.nextInt(all.size()));
      switch (random.nextInt(3)) {
        case 0 -> write(some, null);
        case 1 -> {
          Lead renamed = HostileDataset.churnOf(seed, WORKSPACE, some, 1 + 3 * random.nextInt(1_000));
          Lead other = all.get(random.nextInt(all.size()));
          write(some, random.nextBoolean() ? renamed : withTextOf(some, other));
        }
        default -> write(null, data.lead(seed, WORKSPACE, next++));
      }
    }

    void write(Lead before, Lead after) {
      String id = after != null ? after.id() : before.id();
      int p = partitionOf(id);
      Map<String, Lead> store = stores.get(p);
      indexes.partition(p).orElseThrow().change(
          () -> {
            if (after == null) {
              store.remove(id);
            } else {
              store.put(id, after);
            }
          },
          before,
          after);
      if (after == null) {
        leads.remove(id);
      } else {
        leads.put(id, after);
      }
    }
  }

  /** {@code lead} with the text fields of {@code other}: values shared with other leads. */
  private static Lead withTextOf(Lead lead, Lead other) {
    return new Lead(
        lead.id(), lead.workspaceId(), other.firstName(), other.lastName(), other.email(), null,
        other.company(), other.title(), null, null, other.status(), lead.source(), null, List.of(), Map.of(),
        lead.createdAt(), lead.updatedAt(), lead.lastContactedAt());
  }

  private static LeadQuery randomQuery(Random random, HostileDataset data, List<Lead> leads) {
    int limit = 1 + random.nextInt(random.nextBoolean() ? 10 : 100);
    SortField sortBy = SortField.values()[random.nextInt(SortField.values().length)];
    LeadQuery.Builder q =
        LeadQuery.builder()
            .limit(limit)
            .sortBy(sortBy)
            .sortOrder(random.nextBoolean() ? SortOrder.ASC : SortOrder.DESC);
    Lead some = leads.isEmpty() ? null : leads.get(random.nextInt(leads.size()));
    if (random.nextInt(3) > 0) {
      List<String> terms = new ArrayList<>();
      for (int n = 1 + random.nextInt(random.nextInt(8) == 0 ? 12 : 3); n > 0; n--) {
        terms.addAll(term(random, data, some));
      }
      if (!terms.isEmpty()) {
        q.searchTerms(terms);
      }
    }
    if (random.nextInt(4) == 0) {
      q.status(LeadStatus.values()[random.nextInt(LeadStatus.values().length)]);
    }
    if (random.nextInt(4) == 0) {
      q.source(LeadSource.values()[random.nextInt(LeadSource.values().length)]);
    }
    if (random.nextInt(5) == 0) {
      List<String> parts = some == null || some.title() == null ? List.of() : pieces(random, some.title());
      q.title(parts.isEmpty() || random.nextBoolean() ? data.probes().denseTitleWord() : parts.get(0));
    }
    if (random.nextInt(6) == 0) {
      String company = some == null || random.nextBoolean() ? data.probes().denseCompany() : some.company();
      if (company != null) {
        q.company(random.nextBoolean() ? company.toUpperCase(Locale.ROOT) : company);
      }
    }
    if (random.nextInt(6) == 0 && some != null) {
      Instant at = some.createdAt().plusSeconds(random.nextInt(3) - 1);
      if (random.nextBoolean()) {
        q.createdAfter(at);
      } else {
        q.createdBefore(at);
      }
    }
    if (random.nextInt(8) == 0 && some != null && some.lastContactedAt() != null) {
      q.lastContactedAfter(some.lastContactedAt().minusSeconds(86_400L * random.nextInt(60)));
    }
    if (random.nextInt(5) == 0 && some != null) {
      q.after(new SortKey(sortBy.field().of(some), some.id()));
      return q.build();
    }
    int pages = Math.max(1, leads.size() / limit);
    q.page(
        switch (random.nextInt(4)) {
          case 0 -> 1;
          case 1 -> 1 + random.nextInt(pages);
          case 2 -> Math.max(1, pages - random.nextInt(Math.min(pages, 3)));
          default -> 1 + random.nextInt(3);
        });
    return q.build();
  }

  /** A search term: a frequent one of the set, a short one, or a piece of one of the lead's values. */
  private static List<String> term(Random random, HostileDataset data, Lead lead) {
    int kind = random.nextInt(3);
    if (kind == 0 || lead == null) {
      List<String> frequent = data.probes().frequentTerms();
      return List.of(frequent.get(random.nextInt(frequent.size())).split(" "));
    }
    if (kind == 1) {
      return List.of(SHORT_TERMS[random.nextInt(SHORT_TERMS.length)]);
    }
    String[] values = {lead.firstName(), lead.lastName(), lead.email(), lead.company(), lead.title()};
    String value = values[random.nextInt(values.length)];
    return value == null ? List.of() : pieces(random, value);
  }

  /** The whitespace-separated pieces of a random run of one to eight code points of {@code value}. */
  private static List<String> pieces(Random random, String value) {
    int codePoints = value.codePointCount(0, value.length());
    if (codePoints == 0) {
      return List.of();
    }
    int from = random.nextInt(codePoints);
    int to = Math.min(codePoints, from + 1 + random.nextInt(8));
    String run = value.substring(value.offsetByCodePoints(0, from), value.offsetByCodePoints(0, to));
    List<String> pieces = new ArrayList<>();
    for (String piece : run.strip().split("\\s+")) {
      if (!piece.isEmpty()) {
        pieces.add(piece);
      }
    }
    return pieces;
  }

  private static int partitionOf(String leadId) {
    return Math.floorMod(leadId.hashCode(), PARTITIONS);
  }

  private static List<String> ids(LeadPage page) {
    return page.leads().stream().map(Lead::id).toList();
  }
}
