package ai.buena.leads.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyCodecTest {
  private static final String KEY = "bna_" + "ab".repeat(32);
  private static final String HASH = KeyHashing.sha256Hex(KEY);

  private static ApiKeyRecord record(boolean revoked) {
    return new ApiKeyRecord(
        HASH,
        ApiKeyFormat.keyId(HASH),
        "ws_acme",
        new TreeSet<>(List.of("leads:write", "leads:read")),
        "ci \"robot\"",
        Instant.parse("2026-03-01T10:15:30.123Z"),
        revoked);
  }

  @Test
  void theValueHoldsTheRecordsFieldsInOrderWithSortedPermissions() {
    String json = new String(ApiKeyCodec.encode(record(false)), StandardCharsets.UTF_8);

    assertThat(json)
        .isEqualTo(
            "{\"id\":\""
                + ApiKeyFormat.keyId(HASH)
                + "\",\"workspaceId\":\"ws_acme\",\"permissions\":[\"leads:read\",\"leads:write\"],"
                + "\"name\":\"ci \\\"robot\\\"\",\"createdAt\":\"2026-03-01T10:15:30.123Z\","
                + "\"revoked\":false}");
  }

  @Test
  void theValueNeverHoldsTheKeyOrItsHash() {
    String json = new String(ApiKeyCodec.encode(record(true)), StandardCharsets.UTF_8);

    assertThat(json).doesNotContain(KEY).doesNotContain(KEY.substring(4)).doesNotContain(HASH);
  }

  @Test
  void decodingGivesBackTheRecordWithTheHashOfTheKafkaKey() {
    for (boolean revoked : new boolean[] {false, true}) {
      ApiKeyRecord record = record(revoked);

      assertThat(ApiKeyCodec.decode(HASH, ApiKeyCodec.encode(record))).isEqualTo(record);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "[]",
        "{}",
        "{\"id\":\"key_1\",\"workspaceId\":\"ws\",\"permissions\":\"leads:read\",\"name\":\"\","
            + "\"createdAt\":\"2026-03-01T10:15:30Z\",\"revoked\":false}",
        "{\"id\":\"key_1\",\"workspaceId\":\"ws\",\"permissions\":[1],\"name\":\"\","
            + "\"createdAt\":\"2026-03-01T10:15:30Z\",\"revoked\":false}",
        "{\"id\":\"key_1\",\"workspaceId\":\"ws\",\"permissions\":[],\"name\":\"\","
            + "\"createdAt\":\"yesterday\",\"revoked\":false}",
        "{\"id\":\"key_1\",\"workspaceId\":\"ws\",\"permissions\":[],\"name\":\"\","
            + "\"createdAt\":\"2026-03-01T10:15:30Z\",\"revoked\":\"no\"}",
        "{\"workspaceId\":\"ws\",\"permissions\":[],\"name\":\"\","
            + "\"createdAt\":\"2026-03-01T10:15:30Z\",\"revoked\":false}"
      })
  void aValueThatIsNotAKeyRecordIsRejected(String value) {
    assertThatThrownBy(() -> ApiKeyCodec.decode(HASH, value.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedKeyRecordException.class)
        .hasMessageStartingWith("malformed key record: ");
  }

  /** Records keys create could not have written: a hand-written one grants nothing. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"id\":\"key_other\",\"workspaceId\":\"ws_acme\",\"permissions\":[\"leads:read\"],"
            + "\"name\":\"\",\"createdAt\":\"2026-03-01T10:15:30Z\",\"revoked\":false}",
        "{\"id\":\"$ID\",\"workspaceId\":\"ws acme\",\"permissions\":[\"leads:read\"],"
            + "\"name\":\"\",\"createdAt\":\"2026-03-01T10:15:30Z\",\"revoked\":false}",
        "{\"id\":\"$ID\",\"workspaceId\":\"\",\"permissions\":[\"leads:read\"],"
            + "\"name\":\"\",\"createdAt\":\"2026-03-01T10:15:30Z\",\"revoked\":false}",
        "{\"id\":\"$ID\",\"workspaceId\":\"ws_acme\",\"permissions\":[\"leads:Read\"],"
            + "\"name\":\"\",\"createdAt\":\"2026-03-01T10:15:30Z\",\"revoked\":false}"
      })
  void aRecordKeysCreateCouldNotHaveWrittenIsRejected(String value) {
    byte[] bytes = value.replace("$ID", ApiKeyFormat.keyId(HASH)).getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ApiKeyCodec.decode(HASH, bytes))
        .isInstanceOf(MalformedKeyRecordException.class);
  }

  @Test
  void aRecordUnderAKafkaKeyThatIsNoKeyHashIsRejected() {
    byte[] value = ApiKeyCodec.encode(record(false));

    assertThatThrownBy(() -> ApiKeyCodec.decode("not-a-hash", value))
        .isInstanceOf(MalformedKeyRecordException.class);
  }
}
