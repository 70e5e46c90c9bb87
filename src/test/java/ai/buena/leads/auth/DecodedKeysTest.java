package ai.buena.leads.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DecodedKeysTest {
  private static final String HASH = KeyHashing.sha256Hex("bna_" + "cd".repeat(32));

  private final AtomicInteger decodes = new AtomicInteger();
  private final DecodedKeys keys =
      new DecodedKeys(
          (hash, stored) -> {
            decodes.incrementAndGet();
            return ApiKeyCodec.decode(hash, stored);
          },
          3);

  private static byte[] stored(String hash, boolean revoked) {
    return stored(hash, "ws_acme", revoked);
  }

  private static byte[] stored(String hash, String workspaceId, boolean revoked) {
    return ApiKeyCodec.encode(
        new ApiKeyRecord(
            hash,
            ApiKeyFormat.keyId(hash),
            workspaceId,
            new TreeSet<>(List.of("leads:read")),
            "ci",
            Instant.parse("2026-03-01T10:15:30Z"),
            revoked));
  }

  @Test
  void shouldDecodeTheSameStoredBytesOnlyOnce() {
    ApiKeyRecord first = keys.decode(HASH, stored(HASH, false));
    ApiKeyRecord again = keys.decode(HASH, stored(HASH, false));

    assertThat(again).isSameAs(first);
    assertThat(decodes).hasValue(1);
  }

  @Test
  void shouldGiveTheRevokedRecordAsSoonAsTheStoredBytesChange() {
    assertThat(keys.decode(HASH, stored(HASH, false)).revoked()).isFalse();

    assertThat(keys.decode(HASH, stored(HASH, true)).revoked()).isTrue();
    assertThat(decodes).hasValue(2);
  }

  @Test
  void shouldKeepItsOwnCopyOfTheBytesItDecoded() {
    byte[] stored = stored(HASH, "ws_acme", false);
    keys.decode(HASH, stored);
    byte[] other = stored(HASH, "ws_omni", false);
    System.arraycopy(other, 0, stored, 0, other.length); // the caller reuses its array

    assertThat(keys.decode(HASH, other).workspaceId()).isEqualTo("ws_omni");
  }

  @Test
  void shouldNeverHoldMoreRecordsThanItsCapacity() {
    for (int i = 0; i < 10; i++) {
      String hash = KeyHashing.sha256Hex("bna_" + String.format("%064x", i));
      keys.decode(hash, stored(hash, false));

      assertThat(keys.size()).isLessThanOrEqualTo(3);
    }
  }

  @Test
  void shouldRejectAMalformedRecordEveryTime() {
    byte[] malformed = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> keys.decode(HASH, malformed))
          .isInstanceOf(MalformedKeyRecordException.class);
    }
    assertThat(keys.size()).isZero();
  }
}
