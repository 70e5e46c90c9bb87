package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.index.TermCache.Term;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class TermCacheTest {
  private static final int LEADS = 100_000;

  private static Term term(String text) {
    return new Term(text, List.of(SearchedField.values()));
  }

  /** Every other doc of {@code 0..docs}: as large as a bitmap of that range gets. */
  private static RoaringBitmap everyOther(int docs) {
    RoaringBitmap bitmap = new RoaringBitmap();
    for (int doc = 0; doc < docs; doc += 2) {
      bitmap.add(doc);
    }
    return bitmap;
  }

  @Test
  void shouldKeepAtMostSixteenTermsEvictingTheLeastRecentlyUsed() {
    TermCache cache = new TermCache();
    for (int i = 0; i < TermCache.MAX_TERMS; i++) {
      cache.put(term("t" + i), RoaringBitmap.bitmapOf(i), LEADS);
    }
    cache.get(term("t0"));

    cache.put(term("new"), RoaringBitmap.bitmapOf(99), LEADS);

    assertThat(cache.size()).isEqualTo(TermCache.MAX_TERMS);
    assertThat(cache.get(term("t0"))).isNotNull();
    assertThat(cache.get(term("t1"))).isNull();
    assertThat(cache.get(term("new"))).isEqualTo(RoaringBitmap.bitmapOf(99));
  }

  @Test
  void shouldEvictUntilTheBitmapsFitFourBytesPerLeadOfTheIndex() {
    TermCache cache = new TermCache();
    int leads = 50_000;
    for (int i = 0; i < TermCache.MAX_TERMS; i++) {
      cache.put(term("t" + i), everyOther(4 * leads), leads);
      assertThat(cache.bytes()).isLessThanOrEqualTo(TermCache.bytesAllowed(leads));
    }

    assertThat(cache.size()).isBetween(1, TermCache.MAX_TERMS - 1);
    assertThat(cache.get(term("t" + (TermCache.MAX_TERMS - 1)))).isNotNull();
  }

  @Test
  void shouldNotCacheABitmapLargerThanTheWholeAllowance() {
    TermCache cache = new TermCache();
    cache.put(term("small"), RoaringBitmap.bitmapOf(1), 1_000);

    cache.put(term("large"), everyOther(100_000), 1_000);

    assertThat(cache.get(term("large"))).isNull();
    assertThat(cache.get(term("small"))).isNotNull();
  }

  @Test
  void shouldAddAndRemoveAChangedLeadsDocInEveryCachedTerm() {
    TermCache cache = new TermCache();
    cache.put(term("john"), RoaringBitmap.bitmapOf(1), LEADS);
    cache.put(term("acme"), RoaringBitmap.bitmapOf(2), LEADS);
    LeadSummary john = summary("john", "john@x.io", "other");
    LeadSummary acme = summary("ann", "ann@acme.io", "acme");

    cache.leadChanged(3, null, john);
    cache.leadChanged(1, john, acme);
    cache.leadChanged(2, acme, null);

    assertThat(cache.get(term("john"))).isEqualTo(RoaringBitmap.bitmapOf(3));
    assertThat(cache.get(term("acme"))).isEqualTo(RoaringBitmap.bitmapOf(1));
  }

  private static LeadSummary summary(String firstName, String email, String company) {
    return new LeadSummary(
        "id-" + email, LeadStatus.NEW, null, firstName, null, email, company, null, Instant.EPOCH,
        Instant.EPOCH, null);
  }
}
