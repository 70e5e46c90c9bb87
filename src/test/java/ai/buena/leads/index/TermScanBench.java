package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/**
 * What the units of {@link TextDictionary} cost in CPU, to calibrate {@link
 * TextDictionary#SCANNED_CHARS_PER_UNIT} and {@link TextDictionary#FOUND_PER_UNIT} and the others}: one partition's
 * * dictionaries of {@code HostileDataset}'s numbered set ({@code -Dbench.docs}, default 100,000: 50,000 titles
 * "account executive 00042" with two docs each, a last name "000042" per doc, 60,000
 * companies "company 004200" with one or two), and for each term the thread CPU (fewest of 25 runs: the least disturbed by other processes) of
 * testing each candidate value (the unit: one test), of scanning every value's chars, and of
 * gathering the docs of the values found, value by value, by each doc's value, and as
 * the docs with a value but the other values'.
 * Prints, asserts only that both ways agree.
 *
 * <p>{@code mvn -o -q test -Dtest=TermScanBench} (print {@code uptime} beside it).
 */
class TermScanBench {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  private static final int RUNS = 25;
  /** One partition at 600,000 leads (100,000 is the most allowed beside the lead's benchmark). */
  private static final int DOCS = Integer.getInteger("bench.docs", 100_000);

  @Test
  void measureWhatTheUnitsOfAScanAndOfATestCost() {
    TextDictionary titles = new TextDictionary();
    TextDictionary lastNames = new TextDictionary();
    TextDictionary companies = new TextDictionary();
    int doc = 0;
    for (int i = 0; i < DOCS; i++, doc++) {
      titles.add(String.format("account executive %05d", (i * 7) % 50_000), doc);
      lastNames.add(String.format("%06d", i * 6), doc);
      companies.add(String.format("company %06d", (i * 6) / 10), doc);
    }
    measureTheRebuild(titles, lastNames, companies);
    measure("title", titles, "executive", "account", "t executive 0", "ive 12", "ive 1", "qzx");
    measure("lastName", lastNames, "123", "000", "12345", "1", "qzx");
    measure("company", companies, "company", "ny 0", "company 00", "y 01", "qzx");
  }

  private static void measure(String field, TextDictionary dictionary, String... terms) {
    for (String term : terms) {
      TextDictionary.Matches byTests = dictionary.valuesContainingByTests(term);
      TextDictionary.Matches byScan = dictionary.valuesContainingByScan(term);
      assertThat(byScan.docsByValueOfDoc(null)).isEqualTo(byTests.docsDirectly(null));
      assertThat(byScan.docsOfAllBut(null)).isEqualTo(byTests.docsDirectly(null));
      long candidates = dictionary.candidatesAtMost(term);
      int found = byScan.size();
      double testNs = fewest(() -> dictionary.valuesContainingByTests(term));
      double scanNs = fewest(() -> dictionary.valuesContainingByScan(term));
      double directNs = fewest(() -> byScan.docsDirectly(null));
      double byDocNs = fewest(() -> byScan.docsByValueOfDoc(null));
      double allButNs = fewest(() -> byScan.docsOfAllBut(null));
      long chars = dictionary.scannedChars();
      System.out.printf(
          "BENCH term-scan %-8s %-15s candidates %7d found %7d chars %8d | tests %7.3f ms = %5.1f ns/candidate"
              + " | scan %7.3f ms = %5.2f ns/char (%.0f chars per candidate test) | gather %7.3f ms = %5.1f ns/value"
              + " | by doc %7.3f ms = %5.1f ns/doc | all but %7.3f ms%n",
          field, "'" + term + "'", candidates, found, chars,
          testNs / 1e6, candidates == 0 ? 0 : testNs / candidates,
          scanNs / 1e6, scanNs / chars, candidates == 0 ? 0 : (testNs / candidates) / (scanNs / chars),
          directNs / 1e6, found == 0 ? 0 : directNs / found,
          byDocNs / 1e6, byDocNs / DOCS, allButNs / 1e6);
    }
  }

  /**
   * What loading a snapshot adds: the buffer of values and each doc's value are not persisted but
   * rebuilt from the values read ({@link TextDictionary#readFrom}); timed as a full write and read.
   */
  private static void measureTheRebuild(TextDictionary... dictionaries) {
    try {
      java.nio.file.Path file = java.nio.file.Files.createTempFile("term-scan", ".snapshot");
      try (java.nio.channels.FileChannel channel =
          java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
        SnapshotOutput out = new SnapshotOutput(channel);
        for (TextDictionary dictionary : dictionaries) {
          dictionary.writeTo(out);
        }
        out.drain();
      }
      java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(file));
      java.nio.file.Files.delete(file);
      double readNs = fewest(() -> {
        SnapshotInput in = new SnapshotInput(bytes.duplicate());
        for (int i = 0; i < dictionaries.length; i++) {
          TextDictionary read = new TextDictionary();
          read.readFrom(in);
          read.indexRead();
        }
        return null;
      });
      double rebuildNs = fewest(() -> {
        for (TextDictionary dictionary : dictionaries) {
          dictionary.rebuildDerived();
        }
        return null;
      });
      System.out.printf(
          "BENCH term-scan snapshot read of the three dictionaries (%d docs): %.1f ms, of which rebuilding buffers and"
              + " docs' values %.1f ms%n",
          DOCS, readNs / 1e6, rebuildNs / 1e6);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static double fewest(Supplier<Object> work) {
    for (int i = 0; i < 5; i++) {
      work.get();
    }
    long[] ns = new long[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long start = CPU.getCurrentThreadCpuTime();
      Object result = work.get();
      ns[i] = CPU.getCurrentThreadCpuTime() - start;
      if (result instanceof RoaringBitmap bitmap && bitmap.getCardinality() < 0) {
        throw new AssertionError();
      }
    }
    Arrays.sort(ns);
    return ns[0];
  }
}
