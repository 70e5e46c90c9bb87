package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.query.LeadPage;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.LocalLeadQueryService;
import ai.buena.leads.query.ReferenceQueryEngine;
import ai.buena.leads.query.SortField;
import ai.buena.leads.query.SortOrder;
import ai.buena.leads.runtime.generate.Distribution;
import ai.buena.leads.runtime.generate.HistoryGenerator;
import ai.buena.leads.testing.ReferenceProjection;
import ai.buena.leads.testing.Seeded;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partition index saved with {@link IndexSnapshots} and loaded again answers every query as the
 * index it was saved from and as the reference engine over the same leads; a file that is not
 * exactly the snapshot asked for is refused.
 */
class IndexSnapshotsTest {
  private static final String WORKSPACE = "ws_snap";
  private static final int PARTITIONS = 3;
  private static final Instant END = Instant.parse("2026-01-01T00:00:00Z");
  private static final String[] SEARCHES = {
    "john", "jo", "j", "john software", "software", "son", "engineer", "google", "@acme", "an", "e", ".com"
  };
  private static final String[] TITLE_PARTS = {"engineer", "software", "manager", "e", "ceo"};

  @TempDir Path dir;

  @Test
  void shouldAnswerEveryQueryAsTheSavedIndexAndTheReferenceAfterARoundTrip() {
    Seeded.check(
        6,
        random -> {
          Leads leads = leads(random, 1_500 + random.nextInt(2_500));
          LocalIndexes saved = new LocalIndexes();
          LocalIndexes loaded = new LocalIndexes();
          for (int p = 0; p < PARTITIONS; p++) {
            PartitionIndex index = leads.index(p);
            saved.register(index);
            loaded.register(roundTrip(index, leads.stores().get(p)));
          }
          ReferenceQueryEngine reference = new ReferenceQueryEngine(leads.live().values());
          LocalLeadQueryService before = service(saved);
          LocalLeadQueryService after = service(loaded);
          for (int i = 0; i < 80; i++) {
            LeadQuery query = randomQuery(random, leads.live().size());
            LeadPage expected = reference.query(WORKSPACE, query);
            LeadPage fromSnapshot = after.list(WORKSPACE, query);
            assertThat(fromSnapshot.pagination()).as("%s", query).isEqualTo(expected.pagination());
            assertThat(ids(fromSnapshot)).as("%s", query).containsExactlyElementsOf(ids(expected));
            assertThat(ids(fromSnapshot)).as("%s", query).containsExactlyElementsOf(ids(before.list(WORKSPACE, query)));
          }
        });
  }

  @Test
  void shouldKeepTakingChangesAsABuiltIndexDoesAfterARoundTrip() {
    Seeded.check(
        4,
        random -> {
          Leads leads = leads(random, 1_000);
          LocalIndexes indexes = new LocalIndexes();
          for (int p = 0; p < PARTITIONS; p++) {
            Map<String, Lead> store = leads.stores().get(p);
            PartitionIndex loaded = roundTrip(leads.index(p), store);
            for (Lead lead : new ArrayList<>(store.values())) {
              if (random.nextInt(3) == 0) {
                loaded.change(() -> store.remove(lead.id()), lead, null);
                leads.live().remove(lead.id());
              } else if (random.nextInt(3) == 0) {
                Lead changed = changed(lead);
                loaded.change(() -> store.put(changed.id(), changed), lead, changed);
                leads.live().put(changed.id(), changed);
              }
            }
            indexes.register(loaded);
          }
          ReferenceQueryEngine reference = new ReferenceQueryEngine(leads.live().values());
          LocalLeadQueryService fast = service(indexes);
          for (int i = 0; i < 40; i++) {
            LeadQuery query = randomQuery(random, Math.max(1, leads.live().size()));
            LeadPage expected = reference.query(WORKSPACE, query);
            LeadPage actual = fast.list(WORKSPACE, query);
            assertThat(actual.pagination()).as("%s", query).isEqualTo(expected.pagination());
            assertThat(ids(actual)).as("%s", query).containsExactlyElementsOf(ids(expected));
          }
        });
  }

  /**
   * Partitions of ~2,300 leads keep text and day postings ({@link WorkspaceIndex#POSTINGS_FROM}); after
   * deletions they hold fewer and are saved with them, loaded without them (found by testing each
   * lead), then grow past that size again (built anew from the leads held).
   */
  @Test
  void shouldAnswerAsTheReferenceWhenASavedIndexIsLoadedBelowTheSizeThatKeepsPostingsAndGrowsAgain() {
    Seeded.check(
        4,
        random -> {
          Leads leads = leads(random, 3 * (WorkspaceIndex.POSTINGS_FROM + 300));
          LocalIndexes indexes = new LocalIndexes();
          List<Lead> deleted = new ArrayList<>();
          for (int p = 0; p < PARTITIONS; p++) {
            Map<String, Lead> store = leads.stores().get(p);
            PartitionIndex index = leads.index(p);
            List<Lead> held = new ArrayList<>(store.values());
            held.sort(java.util.Comparator.comparing(Lead::id));
            for (Lead lead : held.subList(0, held.size() - WorkspaceIndex.POSTINGS_FROM / 2)) {
              index.change(() -> store.remove(lead.id()), lead, null);
              leads.live().remove(lead.id());
              deleted.add(lead);
            }
            indexes.register(roundTrip(index, store));
          }
          LocalLeadQueryService fast = service(indexes);
          assertAnswersAsTheReference(random, fast, leads.live());
          for (Lead lead : deleted) {
            int p = partitionOf(lead.id());
            Map<String, Lead> store = leads.stores().get(p);
            indexes.partition(p).orElseThrow().change(() -> store.put(lead.id(), lead), null, lead);
            leads.live().put(lead.id(), lead);
          }
          assertAnswersAsTheReference(random, fast, leads.live());
        });
  }

  private static void assertAnswersAsTheReference(
      Random random, LocalLeadQueryService fast, Map<String, Lead> live) {
    ReferenceQueryEngine reference = new ReferenceQueryEngine(live.values());
    for (int i = 0; i < 40; i++) {
      LeadQuery query = randomQuery(random, Math.max(1, live.size()));
      LeadPage expected = reference.query(WORKSPACE, query);
      LeadPage actual = fast.list(WORKSPACE, query);
      assertThat(actual.pagination()).as("%s", query).isEqualTo(expected.pagination());
      assertThat(ids(actual)).as("%s", query).containsExactlyElementsOf(ids(expected));
    }
  }

  /**
   * Below {@link WorkspaceIndex#POSTINGS_FROM} leads, the lead whose long title takes the index's
   * text past {@link WorkspaceIndex#SCANNED_CHARS_AT_MOST} makes it keep postings; saved right
   * after that lead, the index must load with them (or without, never with their absence taken
   * for no match).
   */
  @Test
  void shouldAnswerAsTheReferenceAfterARoundTripRightAfterALeadMadeTheTextLong() {
    Seeded.check(
        2,
        random -> {
          Leads leads = leads(random, PARTITIONS * 1_300);
          // partition 0 built lead by lead without changes: its scan buffer holds exactly its leads' text
          Map<String, Lead> store = new HashMap<>();
          PartitionIndex index = new PartitionIndex(0, store::get);
          List<Lead> some = new ArrayList<>(leads.stores().get(0).values());
          for (Lead lead : some) {
            index.change(() -> store.put(lead.id(), lead), null, lead);
          }
          long chars = store.values().stream().mapToLong(IndexSnapshotsTest::searchedChars).sum();
          for (int n = 0; chars <= WorkspaceIndex.SCANNED_CHARS_AT_MOST; n++) {
            Lead lead = withLongTitle(some.get(random.nextInt(some.size())), "long-" + n);
            if (partitionOf(lead.id()) != 0) {
              continue;
            }
            index.change(() -> store.put(lead.id(), lead), null, lead);
            leads.live().put(lead.id(), lead);
            chars += searchedChars(lead);
          }
          assertThat(store).hasSizeBetween(WorkspaceIndex.POSTINGS_FOR_LONG_TEXT_FROM, WorkspaceIndex.POSTINGS_FROM - 1);
          LocalIndexes indexes = new LocalIndexes();
          indexes.register(roundTrip(index, store));
          indexes.register(leads.index(1));
          indexes.register(leads.index(2));

          assertAnswersAsTheReference(random, service(indexes), leads.live());
        });
  }

  /** The chars of a lead's five searched fields, lower-cased, and a separator after each. */
  private static long searchedChars(Lead lead) {
    return java.util.stream.Stream.of(lead.firstName(), lead.lastName(), lead.email(), lead.company(), lead.title())
        .filter(java.util.Objects::nonNull)
        .mapToLong(value -> LowerCase.of(value).length() + 1)
        .sum();
  }

  /** A new lead with {@code lead}'s fields but a title of a thousand chars. */
  private static Lead withLongTitle(Lead lead, String id) {
    return new Lead(
        id, lead.workspaceId(), lead.firstName(), lead.lastName(), lead.email(), lead.linkedinUrl(),
        lead.company(), id + " " + "engineer ".repeat(110), lead.phone(), lead.location(), lead.status(),
        lead.source(), lead.notes(), lead.tags(), lead.customFields(), lead.createdAt(), lead.updatedAt(),
        lead.lastContactedAt());
  }

  @Test
  void shouldKeepEveryInstantToTheNanosecondAfterARoundTrip() {
    Seeded.check(
        4,
        random -> {
          Map<String, Lead> store = new HashMap<>();
          for (Lead lead : leads(random, 400).live().values()) {
            Lead timed = withInstants(lead, random);
            store.put(timed.id(), timed);
          }
          PartitionIndex built = new PartitionIndex(0, store::get);
          built.loadAll(store.values().iterator());

          PartitionIndex loaded = roundTrip(built, store);

          List<List<Instant>> times = new ArrayList<>();
          List<String> order = new ArrayList<>();
          loaded.read(
              WORKSPACE,
              view -> {
                view.workspace().inOrder(IndexedField.LAST_CONTACTED_AT, true).forEachRemaining(summary -> {
                  order.add(summary.id());
                  times.add(Arrays.asList(summary.createdAt(), summary.updatedAt(), summary.lastContactedAt()));
                });
                return null;
              });
          List<Lead> expected = new ArrayList<>(store.values());
          expected.sort(
              (a, b) -> IndexedField.compare(a.lastContactedAt(), a.id(), b.lastContactedAt(), b.id(), true));
          assertThat(order).containsExactlyElementsOf(expected.stream().map(Lead::id).toList());
          assertThat(times)
              .containsExactlyElementsOf(
                  expected.stream()
                      .map(lead -> Arrays.asList(lead.createdAt(), lead.updatedAt(), lead.lastContactedAt()))
                      .toList());
        });
  }

  /** The lead with instants to the nanosecond, before 1970 too, and no last contact now and then. */
  private static Lead withInstants(Lead lead, Random random) {
    Instant created = Instant.ofEpochSecond(-2_000_000_000L + random.nextInt(2_000_000_000), random.nextInt(1_000_000_000));
    Instant updated = random.nextBoolean() ? created : created.plusNanos(1 + random.nextInt(1_000));
    Instant contacted = random.nextInt(4) == 0 ? null : updated.plusNanos(random.nextInt(3));
    return new Lead(
        lead.id(), lead.workspaceId(), lead.firstName(), lead.lastName(), lead.email(), lead.linkedinUrl(),
        lead.company(), lead.title(), lead.phone(), lead.location(), lead.status(), lead.source(),
        lead.notes(), lead.tags(), lead.customFields(), created, updated, contacted);
  }

  @Test
  void shouldRefuseATruncatedSnapshot() throws IOException {
    Path file = saved(UUID.randomUUID());
    UUID id = idOf(file);
    long size = Files.size(file);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(size - 100);
    }

    assertThatThrownBy(() -> IndexSnapshots.read(file, id, 0, leadId -> null))
        .isInstanceOf(CorruptSnapshotException.class)
        .hasMessageContaining("checksum");
  }

  @Test
  void shouldRefuseASnapshotWithAChangedByte() throws IOException {
    UUID id = UUID.randomUUID();
    Path file = saved(id);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(file, bytes);

    assertThatThrownBy(() -> IndexSnapshots.read(file, id, 0, leadId -> null))
        .isInstanceOf(CorruptSnapshotException.class)
        .hasMessageContaining("checksum");
  }

  @Test
  void shouldRefuseASnapshotOfAnotherFormatVersion() throws IOException {
    UUID id = UUID.randomUUID();
    Path file = saved(id);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.allocate(4).putInt(IndexSnapshots.OLDEST_READ - 1).flip(), 8);
    }

    assertThatThrownBy(() -> IndexSnapshots.read(file, id, 0, leadId -> null))
        .isInstanceOf(CorruptSnapshotException.class)
        .hasMessageContaining("format version " + (IndexSnapshots.OLDEST_READ - 1));
  }

  @Test
  void shouldRefuseASnapshotOfALaterFormatVersion() throws IOException {
    UUID id = UUID.randomUUID();
    Path file = saved(id);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.allocate(4).putInt(IndexSnapshots.VERSION + 1).flip(), 8);
    }

    assertThatThrownBy(() -> IndexSnapshots.read(file, id, 0, leadId -> null))
        .isInstanceOf(CorruptSnapshotException.class)
        .hasMessageContaining("format version " + (IndexSnapshots.VERSION + 1));
  }

  /**
   * Format 3 wrote the text and day postings of every index, which format 4 writes only for indexes of
   * {@link WorkspaceIndex#POSTINGS_FROM} leads or more: this file, with postings at every size,
   * stands for one, and is read as written.
   */
  @Test
  void shouldAnswerAsTheReferenceFromASnapshotOfTheFormatBeforeWithPostingsInEveryIndex() throws IOException {
    Leads leads = leads(new Random(5), 3 * (WorkspaceIndex.POSTINGS_FROM + 300));
    LocalIndexes indexes = new LocalIndexes();
    for (int p = 0; p < PARTITIONS; p++) {
      Map<String, Lead> store = leads.stores().get(p);
      List<Lead> held = new ArrayList<>(store.values());
      held.sort(java.util.Comparator.comparing(Lead::id));
      for (Lead lead : held.subList(0, held.size() - WorkspaceIndex.POSTINGS_FROM / 2)) {
        leads.index(p).change(() -> store.remove(lead.id()), lead, null);
        leads.live().remove(lead.id());
      }
      UUID id = UUID.randomUUID();
      Path file = dir.resolve("format-3-" + p);
      IndexSnapshots.write(leads.index(p), id, file);
      asFormat(file, 3);
      indexes.register(IndexSnapshots.read(file, id, p, store::get));
    }

    assertAnswersAsTheReference(new Random(6), service(indexes), leads.live());
  }

  @Test
  void shouldRefuseASnapshotOtherThanTheOneTheStoreNames() throws IOException {
    Path file = saved(UUID.randomUUID());

    assertThatThrownBy(() -> IndexSnapshots.read(file, UUID.randomUUID(), 0, leadId -> null))
        .isInstanceOf(CorruptSnapshotException.class)
        .hasMessageContaining("the store names");
  }

  @Test
  void shouldRefuseAFileThatIsNoSnapshot() throws IOException {
    Path file = dir.resolve("not-a-snapshot");
    Files.write(file, new byte[200]);

    assertThatThrownBy(() -> IndexSnapshots.read(file, UUID.randomUUID(), 0, leadId -> null))
        .isInstanceOf(CorruptSnapshotException.class)
        .hasMessageContaining("not an index snapshot");
  }

  private Path saved(UUID id) throws IOException {
    Leads leads = leads(new Random(3), 300);
    Path file = dir.resolve("snapshot-" + id);
    IndexSnapshots.write(leads.index(0), id, file);
    return file;
  }

  /** Gives {@code file} another format version, its checksum made again. */
  private static void asFormat(Path file, int version) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
    bytes.putInt(8, version);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(bytes.array(), 0, bytes.capacity() - 4);
    bytes.putInt(bytes.capacity() - 4, (int) crc.getValue());
    Files.write(file, bytes.array());
  }

  private static UUID idOf(Path file) throws IOException {
    ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(file));
    return new UUID(header.getLong(12), header.getLong(20));
  }

  private PartitionIndex roundTrip(PartitionIndex index, Map<String, Lead> store) {
    return SnapshotRoundTrip.partition(dir, index, store::get);
  }

  /** Generated leads split over the partitions, each partition indexed lead by lead or at once. */
  private record Leads(Map<String, Lead> live, List<Map<String, Lead>> stores, List<PartitionIndex> indexes) {
    PartitionIndex index(int partition) {
      return indexes.get(partition);
    }
  }

  /**
   * Skewed generated leads; some partitions get every lead then lose and change some (so doc
   * numbers are freed and reused), others are built at once.
   */
  private static Leads leads(Random random, int count) {
    ReferenceProjection projection = new ReferenceProjection();
    new HistoryGenerator(random.nextLong(), WORKSPACE, END, Distribution.SKEWED).generate(count, projection::apply);
    Map<String, Lead> live = new HashMap<>(projection.leadsOf(WORKSPACE));
    List<Map<String, Lead>> stores = new ArrayList<>();
    List<PartitionIndex> indexes = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      Map<String, Lead> store = new HashMap<>();
      stores.add(store);
      indexes.add(new PartitionIndex(p, store::get));
    }
    List<Lead> all = new ArrayList<>(live.values());
    for (Lead lead : all) {
      int p = partitionOf(lead.id());
      stores.get(p).put(lead.id(), lead);
      if (p != 0) {
        indexes.get(p).change(() -> {}, null, lead);
      }
    }
    indexes.get(0).loadAll(stores.get(0).values().iterator());
    for (Lead lead : all) {
      int p = partitionOf(lead.id());
      PartitionIndex index = indexes.get(p);
      Map<String, Lead> store = stores.get(p);
      int dice = random.nextInt(10);
      if (dice == 0) {
        index.change(() -> store.remove(lead.id()), lead, null);
        live.remove(lead.id());
      } else if (dice == 1) {
        Lead changed = changed(lead);
        index.change(() -> store.put(changed.id(), changed), lead, changed);
        live.put(changed.id(), changed);
      }
    }
    return new Leads(live, stores, indexes);
  }

  /** The lead replied, moved to another company and was contacted now. */
  private static Lead changed(Lead lead) {
    return new Lead(
        lead.id(), lead.workspaceId(), lead.firstName(), lead.lastName(), lead.email(), lead.linkedinUrl(),
        "Acme Software", lead.title(), lead.phone(), lead.location(), LeadStatus.REPLIED, lead.source(),
        lead.notes(), lead.tags(), lead.customFields(), lead.createdAt(), END, END);
  }

  private static LocalLeadQueryService service(LocalIndexes indexes) {
    return new LocalLeadQueryService(indexes, PARTITIONS, () -> true, IndexSnapshotsTest::partitionOf);
  }

  private static LeadQuery randomQuery(Random random, int leads) {
    int limit = 1 + random.nextInt(random.nextBoolean() ? 10 : 100);
    LeadQuery.Builder q =
        LeadQuery.builder()
            .limit(limit)
            .sortBy(SortField.values()[random.nextInt(SortField.values().length)])
            .sortOrder(random.nextBoolean() ? SortOrder.ASC : SortOrder.DESC);
    if (random.nextInt(3) > 0) {
      q.searchTerms(List.of(SEARCHES[random.nextInt(SEARCHES.length)].split(" ")));
    }
    if (random.nextInt(3) == 0) {
      q.status(LeadStatus.values()[random.nextInt(LeadStatus.values().length)]);
    }
    if (random.nextInt(3) == 0) {
      q.source(LeadSource.values()[random.nextInt(LeadSource.values().length)]);
    }
    if (random.nextInt(5) == 0) {
      q.title(TITLE_PARTS[random.nextInt(TITLE_PARTS.length)]);
    }
    if (random.nextInt(6) == 0) {
      q.company(random.nextBoolean() ? "google" : "acme software");
    }
    if (random.nextInt(6) == 0) {
      q.createdAfter(END.minusSeconds(86_400L * random.nextInt(700)));
    }
    if (random.nextInt(6) == 0) {
      q.lastContactedBefore(END.minusSeconds(86_400L * random.nextInt(700)));
    }
    int pages = Math.max(1, leads / limit);
    q.page(random.nextInt(3) == 0 ? 1 : 1 + random.nextInt(pages));
    return q.build();
  }

  private static int partitionOf(String leadId) {
    return Math.floorMod(leadId.hashCode(), PARTITIONS);
  }

  private static List<String> ids(LeadPage page) {
    return page.leads().stream().map(Lead::id).toList();
  }
}
