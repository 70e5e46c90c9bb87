package ai.buena.leads.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IdempotencyCacheTest {
  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  private static IdempotencyScope scope(String key) {
    return new IdempotencyScope("ws_a", key, "POST", "/api/v2/leads");
  }

  @Test
  void shouldRememberAnAnswerFor24Hours() {
    IdempotencyCache<String> cache = new IdempotencyCache<>(10);
    cache.remember(scope("k"), "fp", "answer", T0);

    assertThat(cache.lookup(scope("k"), T0.plus(Duration.ofHours(23))))
        .hasValueSatisfying(r -> assertThat(r.answer()).isEqualTo("answer"));
    assertThat(cache.lookup(scope("k"), T0.plus(Duration.ofHours(24)))).isEmpty();
  }

  @Test
  void shouldKeepTheFirstAnswerToAScope() {
    IdempotencyCache<String> cache = new IdempotencyCache<>(10);
    cache.remember(scope("k"), "fp1", "first", T0);
    cache.remember(scope("k"), "fp2", "second", T0.plusSeconds(1));

    assertThat(cache.lookup(scope("k"), T0.plusSeconds(2)).orElseThrow().fingerprint())
        .isEqualTo("fp1");
  }

  @Test
  void shouldForgetTheOldestBeyondItsCapacity() {
    IdempotencyCache<String> cache = new IdempotencyCache<>(2);
    cache.remember(scope("a"), "fp", "a", T0);
    cache.remember(scope("b"), "fp", "b", T0.plusSeconds(1));
    cache.remember(scope("c"), "fp", "c", T0.plusSeconds(2));

    assertThat(cache.lookup(scope("a"), T0.plusSeconds(3))).isEmpty();
    assertThat(cache.lookup(scope("c"), T0.plusSeconds(3))).isPresent();
  }

  @Test
  void shouldForgetTheOldestBeyondItsBytes() {
    long entry = IdempotencyCache.ENTRY_BYTES;
    IdempotencyCache<String> cache =
        new IdempotencyCache<>(100, 2 * (entry + 1_000), answer -> answer.length());
    cache.remember(scope("a"), "fp", "a".repeat(1_000), T0);
    cache.remember(scope("b"), "fp", "b".repeat(1_000), T0.plusSeconds(1));
    cache.remember(scope("c"), "fp", "c".repeat(1_000), T0.plusSeconds(2));

    assertThat(cache.lookup(scope("a"), T0.plusSeconds(3))).isEmpty();
    assertThat(cache.lookup(scope("b"), T0.plusSeconds(3))).isPresent();
    assertThat(cache.lookup(scope("c"), T0.plusSeconds(3))).isPresent();
    assertThat(cache.bytes()).isEqualTo(2 * (entry + 1_000));
  }

  @Test
  void shouldCountNoBytesOfAnswersItForgot() {
    IdempotencyCache<String> cache =
        new IdempotencyCache<>(100, 1 << 20, answer -> answer.length());
    cache.remember(scope("a"), "fp", "a".repeat(1_000), T0);
    cache.remember(scope("a"), "fp2", "x".repeat(5_000), T0.plusSeconds(1));

    assertThat(cache.bytes()).isEqualTo(IdempotencyCache.ENTRY_BYTES + 1_000);
    assertThat(cache.lookup(scope("b"), T0.plus(Duration.ofHours(25)))).isEmpty();
    assertThat(cache.bytes()).isZero();
  }

  @Test
  void shouldAcceptOnlyOneToOneHundredPrintableAsciiCharactersAsKey() {
    assertThat(IdempotencyScope.isValidKey("order-42 retry ~")).isTrue();
    assertThat(IdempotencyScope.isValidKey("k".repeat(100))).isTrue();
    assertThat(IdempotencyScope.isValidKey("")).isFalse();
    assertThat(IdempotencyScope.isValidKey("k".repeat(101))).isFalse();
    assertThat(IdempotencyScope.isValidKey("tab\there")).isFalse();
    assertThat(IdempotencyScope.isValidKey("caf\u00e9")).isFalse();
  }
}
