package ai.buena.leads.auth;

import ai.buena.leads.clients.TopicNotFoundException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import ai.buena.leads.testing.ApiKeysTopic;
import ai.buena.leads.testing.SharedKafka;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiKeyStoreIT {
  private String topic;
  private ApiKeyStore store;

  @BeforeEach
  void openStore() {
    topic = ApiKeysTopic.createUnique();
    store = new ApiKeyStore(SharedKafka.bootstrapServers(), topic);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void aCreatedKeyIsListedWithItsGrantUnderItsHash() {
    String key = store.create("ws_acme", Set.of("leads:write", "leads:read"), "ci");

    assertThat(ApiKeyFormat.isWellFormed(key)).isTrue();
    assertThat(store.list())
        .singleElement()
        .satisfies(
            record -> {
              assertThat(record.keyHash()).isEqualTo(KeyHashing.sha256Hex(key));
              assertThat(record.id()).isEqualTo(ApiKeyFormat.keyId(record.keyHash()));
              assertThat(record.workspaceId()).isEqualTo("ws_acme");
              assertThat(record.permissions()).containsExactly("leads:read", "leads:write");
              assertThat(record.name()).isEqualTo("ci");
              assertThat(record.revoked()).isFalse();
            });
  }

  @Test
  void keysAreListedOldestFirst() {
    String first = store.create("ws_a", Set.of("leads:read"), "first");
    String second = store.create("ws_b", Set.of("*"), "second");

    assertThat(store.list())
        .extracting(ApiKeyRecord::keyHash)
        .containsExactly(KeyHashing.sha256Hex(first), KeyHashing.sha256Hex(second));
  }

  @Test
  void aKeyRevokedByIdIsListedAsRevoked() {
    String key = store.create("ws_acme", Set.of("leads:read"), "");
    String id = ApiKeyFormat.keyId(KeyHashing.sha256Hex(key));

    ApiKeyRecord revoked = store.revoke(id);

    assertThat(revoked.revoked()).isTrue();
    assertThat(store.list()).singleElement().isEqualTo(revoked);
  }

  @Test
  void aKeyRevokedByItsValueIsListedAsRevokedAndOthersStayActive() {
    String revokedKey = store.create("ws_acme", Set.of("leads:read"), "old");
    String activeKey = store.create("ws_acme", Set.of("leads:read"), "new");

    store.revoke(revokedKey);

    assertThat(store.list())
        .extracting(ApiKeyRecord::keyHash, ApiKeyRecord::revoked)
        .containsExactly(
            tuple(KeyHashing.sha256Hex(revokedKey), true),
            tuple(KeyHashing.sha256Hex(activeKey), false));
  }

  @Test
  void revokingTwiceWritesNothingNew() {
    String key = store.create("ws_acme", Set.of("leads:read"), "");
    store.revoke(key);
    int records = ApiKeysTopic.allBytes(topic).size();

    assertThat(store.revoke(key).revoked()).isTrue();
    assertThat(ApiKeysTopic.allBytes(topic)).hasSize(records);
  }

  @Test
  void revokingAKeyThatWasNeverCreatedFails() {
    assertThatThrownBy(() -> store.revoke("key_0123456789ab"))
        .isInstanceOf(UnknownApiKeyException.class)
        .hasMessage("no API key key_0123456789ab");
    assertThatThrownBy(() -> store.revoke(ApiKeyFormat.generate()))
        .isInstanceOf(UnknownApiKeyException.class)
        .hasMessageStartingWith("no API key key_");
  }

  @Test
  void aKeyOfAGivenValueIsCreatedOnceAndKeepsWorkingWhenCreatedAgain() {
    String key = ApiKeyFormat.generate();

    ApiKeyRecord first = store.createWithValue(key, "ws_demo", Set.of("leads:read"), "demo");
    ApiKeyRecord again = store.createWithValue(key, "ws_demo", Set.of("leads:read"), "demo");

    assertThat(again).isEqualTo(first);
    assertThat(store.list()).singleElement().isEqualTo(first);
    assertThat(first.keyHash()).isEqualTo(KeyHashing.sha256Hex(key));
    assertThat(ApiKeysTopic.allBytes(topic)).hasSize(2);
  }

  @Test
  void aRevokedKeyOfAGivenValueIsActiveAgainWhenCreatedAgain() {
    String key = ApiKeyFormat.generate();
    store.createWithValue(key, "ws_demo", Set.of("leads:read"), "demo");
    store.revoke(key);

    store.createWithValue(key, "ws_demo", Set.of("leads:read", "leads:write"), "demo");

    assertThat(store.list())
        .singleElement()
        .satisfies(
            record -> {
              assertThat(record.revoked()).isFalse();
              assertThat(record.permissions()).containsExactly("leads:read", "leads:write");
            });
  }

  @Test
  void aKeyCreatedThenRevokedIsKnownAsRevoked() {
    String key = ApiKeyFormat.generate();
    store.createWithValue(key, "ws_demo", Set.of("leads:read"), "demo");
    assertThat(store.wasRevoked(key)).isFalse();

    store.revoke(key);

    assertThat(store.wasRevoked(key)).isTrue();
    assertThat(store.wasRevoked(ApiKeyFormat.generate())).isFalse();
  }

  @Test
  void aKeyOfAMalformedValueIsRefused() {
    assertThatThrownBy(() -> store.createWithValue("secret", "ws", Set.of("leads:read"), ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("secret");
  }

  @Test
  void anUnknownPermissionIsRefusedBeforeAnythingIsWritten() {
    assertThatThrownBy(() -> store.create("ws_acme", Set.of("leads:delete"), ""))
        .isInstanceOf(InvalidKeyGrantException.class)
        .hasMessageContaining("unknown permission 'leads:delete'");
    assertThat(store.list()).isEmpty();
  }

  @Test
  void aMissingTopicIsReportedInsteadOfWaitedFor() {
    try (ApiKeyStore elsewhere =
        new ApiKeyStore(SharedKafka.bootstrapServers(), SharedKafka.uniqueName("no-such-topic"))) {
      assertThatThrownBy(() -> elsewhere.create("ws", Set.of("leads:read"), ""))
          .isInstanceOfSatisfying(
              TopicNotFoundException.class, missing -> assertThat(missing.confirmed()).isTrue())
          .hasMessageContaining("does not exist");
      assertThatThrownBy(elsewhere::list).isInstanceOf(TopicNotFoundException.class);
    }
  }
}
