package ai.buena.leads.bench;

import ai.buena.leads.index.IndexedField;
import ai.buena.leads.index.LeadSummary;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.index.WorkspaceIndex;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.testing.HostileDataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * What the planner's two paths to a partition's first {@code k} matches cost per unit of its
 * estimates, on one index of {@code bench.leads} leads: walking the order testing each lead's doc
 * in the matches (ns per step), and collecting the matches and keeping the first {@code k} in a
 * heap (ns per match), over random match sets from 0.05 % to 30 % of the leads. For calibrating
 * {@code PartitionPlanner}'s choice between them.
 *
 * <p>{@code mvn -o -Pbench verify -Dit.test=PlannerCostBench -Dbench.leads=100000}
 */
class PlannerCostBench {
  private static final int LEADS = Integer.getInteger("bench.leads", 100_000);
  private static final int REPEATS = 31;

  @Test
  void measureWalkAndCollectCosts() {
    PartitionIndex index = new PartitionIndex(0, id -> null);
    List<Lead> leads = new ArrayList<>(LEADS);
    for (int i = 0; i < LEADS; i++) {
      leads.add(HostileDataset.ORDINARY.lead(42, "ws_cost", i));
    }
    index.loadAll(leads.iterator());
    index.read(
        "ws_cost",
        view -> {
          WorkspaceIndex workspace = view.workspace();
          for (IndexedField field : List.of(IndexedField.CREATED_AT, IndexedField.COMPANY)) {
            for (double density : new double[] {0.0005, 0.002, 0.01, 0.03, 0.1, 0.3}) {
              RoaringBitmap matches = sample(workspace.size(), density);
              for (int k : new int[] {21, 101}) {
                measure(workspace, field, matches, k, density);
              }
            }
          }
          return null;
        });
  }

  private static void measure(WorkspaceIndex workspace, IndexedField field, RoaringBitmap matches, int k, double density) {
    long[] walkNanos = new long[REPEATS];
    long[] collectNanos = new long[REPEATS];
    long steps = 0;
    Comparator<LeadSummary> order = field.inAnswerOrder(false);
    long sink = 0;
    for (int r = 0; r < REPEATS; r++) {
      long t = System.nanoTime();
      steps = 0;
      int found = 0;
      for (Iterator<LeadSummary> walk = workspace.inOrder(field, false); walk.hasNext() && found < k; ) {
        LeadSummary lead = walk.next();
        steps++;
        Object value = lead.value(field);
        if (value != null && matches.contains(lead.doc())) {
          found++;
        }
      }
      walkNanos[r] = System.nanoTime() - t;
      t = System.nanoTime();
      List<LeadSummary> collected = new ArrayList<>(matches.getCardinality());
      for (IntIterator docs = matches.getIntIterator(); docs.hasNext(); ) {
        collected.add(workspace.lead(docs.next()));
      }
      PriorityQueue<LeadSummary> largestFirst = new PriorityQueue<>(k + 1, order.reversed());
      for (LeadSummary lead : collected) {
        if (largestFirst.size() < k) {
          largestFirst.add(lead);
        } else if (order.compare(lead, largestFirst.peek()) < 0) {
          largestFirst.poll();
          largestFirst.add(lead);
        }
      }
      sink += largestFirst.size();
      collectNanos[r] = System.nanoTime() - t;
    }
    Arrays.sort(walkNanos);
    Arrays.sort(collectNanos);
    long total = matches.getLongCardinality();
    double walk = walkNanos[REPEATS / 2] / 1e3;
    double collect = collectNanos[REPEATS / 2] / 1e3;
    System.out.printf(
        "BENCH planner cost field=%s density=%.4f k=%d matches=%d: walk %d steps %.1fus (%.1f ns/step),"
            + " collect %.1fus (%.1f ns/match); cheaper=%s; load %.2f%s%n",
        field.wire(), density, k, total, steps, walk, walk * 1e3 / Math.max(1, steps), collect,
        collect * 1e3 / Math.max(1, total), walk < collect ? "walk" : "collect", BenchSetup.loadAverage(),
        sink < 0 ? "!" : "");
  }

  private static RoaringBitmap sample(int size, double density) {
    SplittableRandom random = new SplittableRandom(7);
    RoaringBitmap docs = new RoaringBitmap();
    for (int doc = 0; doc < size; doc++) {
      if (random.nextDouble() < density) {
        docs.add(doc);
      }
    }
    return docs;
  }
}
