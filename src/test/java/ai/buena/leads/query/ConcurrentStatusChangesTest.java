package ai.buena.leads.query;

import static ai.buena.leads.query.TestLeads.aLead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.lead.Lead;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Pages read while another thread keeps changing leads' statuses and sources: whatever bitmap of
 * the index a query reads in place (a status and source pair, a status's), every lead it answers
 * has the status and source asked. The writer here changes a lead in a tight loop, far faster than
 * any stream thread applies events, so a page whose leads changed under each of its attempts may
 * end as the documented 503 ({@link UnavailableException}); that must stay rare.
 */
class ConcurrentStatusChangesTest {
  private static final String WORKSPACE = "ws_concurrent";
  private static final Instant BASE = Instant.parse("2025-01-01T00:00:00Z");
  private static final int LEADS = 3_000;
  /** Enough for many reads to overlap a change: each side does this much before they stop. */
  private static final int CHANGES = 20_000;
  private static final int PAGES = 2_000;

  @Test
  void shouldAnswerOnlyLeadsWithTheStatusAndSourceAskedWhileOtherThreadsChangeThem() throws Exception {
    Map<String, Lead> store = new ConcurrentHashMap<>();
    Random setup = new Random(4);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < LEADS; i++) {
      Lead lead = randomLead("lead-" + i, setup, i);
      store.put(lead.id(), lead);
      ids.add(lead.id());
    }
    PartitionIndex partition = new PartitionIndex(0, store::get);
    partition.loadAll(store.values().iterator());
    LocalIndexes indexes = new LocalIndexes();
    indexes.register(partition);
    LocalLeadQueryService engine = new LocalLeadQueryService(indexes, 1, () -> true, id -> 0);

    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger changes = new AtomicInteger();
    AtomicInteger pages = new AtomicInteger();
    AtomicInteger unavailable = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try {
      Future<Integer> writer =
          threads.submit(
              () -> {
                Random random = new Random(5);
                while (running.get()) {
                  Lead before = store.get(ids.get(random.nextInt(ids.size())));
                  Lead after = randomLead(before.id(), random, random.nextInt(LEADS));
                  partition.change(() -> store.put(after.id(), after), before, after);
                  changes.incrementAndGet();
                }
                return changes.get();
              });
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        long seed = r;
        readers.add(threads.submit(() -> readPages(engine, new Random(seed), running, pages, unavailable)));
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> writer.isDone() || readers.stream().anyMatch(Future::isDone)
              || (changes.get() >= CHANGES && pages.get() >= PAGES));
      running.set(false);
      assertThat(writer.get(10, TimeUnit.SECONDS)).isPositive();
      for (Future<Integer> reader : readers) {
        assertThat(reader.get(10, TimeUnit.SECONDS)).isPositive();
      }
      assertThat(unavailable.get()).as("pages given up of %s", pages.get()).isLessThanOrEqualTo(pages.get() / 100);
    } finally {
      running.set(false);
      threads.shutdownNow();
    }
  }

  /** Pages of status and source queries until told to stop; how many were read. */
  private static int readPages(
      LocalLeadQueryService engine,
      Random random,
      AtomicBoolean running,
      AtomicInteger read,
      AtomicInteger unavailable) {
    int pages = 0;
    while (running.get()) {
      LeadStatus status = LeadStatus.values()[random.nextInt(LeadStatus.values().length)];
      LeadSource source = random.nextBoolean() ? LeadSource.values()[random.nextInt(LeadSource.values().length)] : null;
      LeadQuery.Builder query =
          LeadQuery.builder()
              .status(status)
              .source(source)
              .sortBy(SortField.values()[random.nextInt(SortField.values().length)])
              .sortOrder(random.nextBoolean() ? SortOrder.ASC : SortOrder.DESC)
              .limit(1 + random.nextInt(50))
              .page(1 + random.nextInt(random.nextBoolean() ? 3 : 60));
      if (random.nextInt(3) == 0) {
        query.company("acme");
      }
      LeadQuery q = query.build();
      LeadPage page;
      try {
        page = engine.list(WORKSPACE, q);
      } catch (UnavailableException e) {
        unavailable.incrementAndGet();
        continue;
      }
      assertThat(page.leads()).as("%s", q).hasSizeLessThanOrEqualTo(q.limit());
      for (Lead lead : page.leads()) {
        assertThat(lead.status()).as("%s: %s", q, lead.id()).isEqualTo(status);
        if (source != null) {
          assertThat(lead.source()).as("%s: %s", q, lead.id()).isEqualTo(source);
        }
        if (q.company() != null) {
          assertThat(lead.company()).as("%s: %s", q, lead.id()).isEqualToIgnoringCase("acme");
        }
      }
      pages++;
      read.incrementAndGet();
    }
    return pages;
  }

  private static Lead randomLead(String id, Random random, int second) {
    return aLead(id)
        .workspaceId(WORKSPACE)
        .company(random.nextInt(4) == 0 ? "Acme" : "Other")
        .status(LeadStatus.values()[random.nextInt(LeadStatus.values().length)])
        .source(LeadSource.values()[random.nextInt(LeadSource.values().length)])
        .createdAt(BASE.plusSeconds(second))
        .updatedAt(BASE.plusSeconds(second))
        .lastContactedAt(random.nextBoolean() ? null : BASE.plusSeconds(second / 2))
        .build();
  }
}
