package ai.buena.leads.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyFormatTest {

  @Test
  void aGeneratedKeyIsBnaFollowedBy64LowercaseHexCharacters() {
    String key = ApiKeyFormat.generate();

    assertThat(key).hasSize(68).startsWith("bna_").matches("bna_[0-9a-f]{64}");
    assertThat(ApiKeyFormat.isWellFormed(key)).isTrue();
  }

  @Test
  void generatedKeysDoNotRepeat() {
    Set<String> keys = new HashSet<>();
    IntStream.range(0, 1000).forEach(i -> keys.add(ApiKeyFormat.generate()));

    assertThat(keys).hasSize(1000);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "bna_",
        "bna_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
        "bna_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0",
        "bna_0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
        "bnb_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "bna_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg",
        " bna_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      })
  void anythingElseIsNotAWellFormedKey(String key) {
    assertThat(ApiKeyFormat.isWellFormed(key)).isFalse();
  }

  @Test
  void theIdIsKeyAndTheFirst12HexCharactersOfTheHash() {
    String hash = KeyHashing.sha256Hex("bna_" + "0".repeat(64));

    assertThat(ApiKeyFormat.keyId(hash)).isEqualTo("key_" + hash.substring(0, 12));
    assertThat(ApiKeyFormat.isKeyId(ApiKeyFormat.keyId(hash))).isTrue();
  }

  @Test
  void theIdIsStableAndRevealsNothingOfTheKey() {
    String key = ApiKeyFormat.generate();
    String id = ApiKeyFormat.keyId(KeyHashing.sha256Hex(key));

    assertThat(ApiKeyFormat.keyId(KeyHashing.sha256Hex(key))).isEqualTo(id);
    assertThat(key).doesNotContain(id.substring(4));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {"abc", "bna_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
  void onlyAHashHasAnId(String notAHash) {
    assertThatThrownBy(() -> ApiKeyFormat.keyId(notAHash))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"key_0123456789a", "key_0123456789abc", "KEY_0123456789ab", "key_0123456789AB"})
  void malformedIdsAreRecognised(String id) {
    assertThat(ApiKeyFormat.isKeyId(id)).isFalse();
  }
}
