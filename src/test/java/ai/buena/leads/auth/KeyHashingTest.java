package ai.buena.leads.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyHashingTest {

  @Test
  void hashesWithSha256AsLowercaseHex() {
    assertThat(KeyHashing.sha256Hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void hashesAKeyTo64LowercaseHexCharactersThatDoNotContainIt() {
    String key = "bna_" + "0123456789abcdef".repeat(4);

    assertThat(KeyHashing.sha256Hex(key)).matches("[0-9a-f]{64}").doesNotContain(key);
  }

  @Test
  void shouldHashEachKeyOnItsOwnWhenThreadsHashOneAfterAnother() throws Exception {
    KeyHashing.sha256Hex("bna_first");
    Thread other = new Thread(() -> KeyHashing.sha256Hex("bna_on_another_thread"));
    other.start();
    other.join();

    assertThat(KeyHashing.sha256Hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void findsTheSameHashSame() {
    String hash = KeyHashing.sha256Hex("bna_x");

    assertThat(KeyHashing.sameHash(hash, KeyHashing.sha256Hex("bna_x"))).isTrue();
  }

  @Test
  void findsDifferentHashesAndMissingHashesNotSame() {
    String hash = KeyHashing.sha256Hex("bna_x");

    assertThat(KeyHashing.sameHash(hash, KeyHashing.sha256Hex("bna_y"))).isFalse();
    assertThat(KeyHashing.sameHash(hash, hash.substring(1))).isFalse();
    assertThat(KeyHashing.sameHash(hash, null)).isFalse();
    assertThat(KeyHashing.sameHash(null, hash)).isFalse();
  }
}
