package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.auth.ApiKeyFormat;
import ai.buena.leads.auth.KeyHashing;
import ai.buena.leads.runtime.KeysCommandTest.Run;
import ai.buena.leads.testing.ApiKeysTopic;
import ai.buena.leads.testing.SharedKafka;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeysCommandIT {
  private String topic;

  @BeforeEach
  void createTopic() {
    topic = ApiKeysTopic.createUnique();
  }

  private Run keys(String subcommand, String... args) {
    List<String> all = new ArrayList<>(List.of("keys", subcommand));
    all.add("--bootstrap-servers=" + SharedKafka.bootstrapServers());
    all.add("--topic-name=lead-api-keys=" + topic);
    all.addAll(List.of(args));
    return KeysCommandTest.run(all.toArray(String[]::new));
  }

  private static String idOf(String key) {
    return ApiKeyFormat.keyId(KeyHashing.sha256Hex(key));
  }

  @Test
  void createPrintsOnlyTheKeyOnStdoutAndTheRestOnStderr() {
    Run run = keys("create", "--workspace", "ws_acme", "--permissions", "leads:write,leads:read");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).matches("bna_[0-9a-f]{64}\\R");
    String key = run.out().strip();
    assertThat(run.err().lines().toList())
        .containsExactly(
            "created key "
                + idOf(key)
                + " for workspace ws_acme with permissions [leads:read, leads:write]");
  }

  @Test
  void listShowsEveryKeyWithoutItsValueOrHash() {
    String key =
        keys("create", "--workspace", "ws_acme", "--permissions", "*", "--name", "ci bot")
            .out()
            .strip();
    keys("create", "--workspace", "ws_other", "--permissions", "leads:read");

    Run run = keys("list");

    assertThat(run.exitCode()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0))
        .startsWith("ID")
        .contains("WORKSPACE", "PERMISSIONS", "NAME", "CREATED", "STATUS");
    assertThat(lines)
        .filteredOn(line -> line.startsWith(idOf(key)))
        .singleElement()
        .asString()
        .contains("ws_acme", "*", "ci bot", "active");
    assertThat(lines).anySatisfy(line -> assertThat(line).contains("ws_other", "leads:read"));
    assertThat(run.out())
        .doesNotContain("bna_")
        .doesNotContain(key.substring(4))
        .doesNotContain(KeyHashing.sha256Hex(key));
  }

  @Test
  void listCanBeLimitedToOneWorkspace() {
    keys("create", "--workspace", "ws_acme", "--permissions", "leads:read");
    keys("create", "--workspace", "ws_other", "--permissions", "leads:read");

    List<String> lines = keys("list", "--workspace", "ws_other").out().lines().toList();

    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).contains("ws_other");
  }

  @Test
  void aRevokedKeyIsListedAsRevoked() {
    String byId =
        keys("create", "--workspace", "ws_acme", "--permissions", "leads:read").out().strip();
    String byValue =
        keys("create", "--workspace", "ws_acme", "--permissions", "leads:read").out().strip();
    String kept =
        keys("create", "--workspace", "ws_acme", "--permissions", "leads:read").out().strip();

    Run revokeById = keys("revoke", "--id", idOf(byId));
    Run revokeByValue = keys("revoke", "--key", byValue);

    assertThat(revokeById.exitCode()).isZero();
    assertThat(revokeById.out().strip())
        .isEqualTo("key " + idOf(byId) + " of workspace ws_acme is revoked");
    assertThat(revokeByValue.exitCode()).isZero();
    assertThat(revokeByValue.out()).doesNotContain(byValue);
    List<String> lines = keys("list").out().lines().toList();
    assertThat(lines)
        .filteredOn(line -> line.startsWith(idOf(byId)))
        .singleElement()
        .asString()
        .endsWith("revoked");
    assertThat(lines)
        .filteredOn(line -> line.startsWith(idOf(byValue)))
        .singleElement()
        .asString()
        .endsWith("revoked");
    assertThat(lines)
        .filteredOn(line -> line.startsWith(idOf(kept)))
        .singleElement()
        .asString()
        .endsWith("active");
  }

  @Test
  void revokingAnUnknownKeyExitsWith2() {
    Run run = keys("revoke", "--id", "key_0123456789ab");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no API key key_0123456789ab");
  }

  @Test
  void aMissingTopicFailsWithExit2AndSaysSoInOneLine() {
    topic = SharedKafka.uniqueName("no-such-topic");

    Run run = keys("create", "--workspace", "ws_acme", "--permissions", "leads:read");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().strip()).startsWith("create: topic " + topic + " does not exist").doesNotContain("\n");
  }

  @Test
  void listingKeysOfAMissingTopicFailsWithExit2InOneLine() {
    topic = SharedKafka.uniqueName("no-such-topic");

    Run run = keys("list");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip()).startsWith("list: topic " + topic + " does not exist").doesNotContain("\n");
  }
}
