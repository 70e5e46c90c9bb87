package ai.buena.leads.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyGrantTest {

  @Test
  void aValidGrantKeepsItsPermissionsSorted() {
    KeyGrant grant =
        KeyGrant.of("ws_acme", new LinkedHashSet<>(List.of("leads:write", "leads:read")), "ci");

    assertThat(grant.permissions()).containsExactly("leads:read", "leads:write");
    assertThat(grant.name()).isEqualTo("ci");
  }

  @Test
  void everyKnownPermissionIsAccepted() {
    KeyGrant grant = KeyGrant.of("ws", KnownPermissions.NAMES, null);

    assertThat(grant.permissions())
        .containsExactly(
            "*", "leads:enrich", "leads:read", "leads:write", "linkedin:read", "linkedin:write");
  }

  @Test
  void aMissingNameBecomesEmpty() {
    assertThat(KeyGrant.of("ws", Set.of("leads:read"), null).name()).isEmpty();
  }

  @Test
  void anUnknownPermissionIsNamedWithTheKnownOnes() {
    assertThatThrownBy(() -> KeyGrant.of("ws", Set.of("leads:read", "leads:delete"), ""))
        .isInstanceOf(InvalidKeyGrantException.class)
        .hasMessage(
            "unknown permission 'leads:delete' (known: *, leads:enrich, leads:read, leads:write,"
                + " linkedin:read, linkedin:write)");
  }

  @Test
  void noPermissionAtAllIsRejected() {
    assertThatThrownBy(() -> KeyGrant.of("ws", Set.of(), ""))
        .isInstanceOf(InvalidKeyGrantException.class)
        .hasMessage("at least one permission is required");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has.dot", "has space", "ümlaut", "ws/other"})
  void aMalformedWorkspaceIsRejected(String workspace) {
    assertThatThrownBy(() -> KeyGrant.of(workspace, Set.of("leads:read"), ""))
        .isInstanceOf(InvalidKeyGrantException.class)
        .hasMessageStartingWith("workspace must be 1 to 100 characters");
  }

  @Test
  void aWorkspaceMayHaveUpTo100Characters() {
    assertThat(KeyGrant.of("w".repeat(100), Set.of("*"), "").workspaceId()).hasSize(100);
    assertThatThrownBy(() -> KeyGrant.of("w".repeat(101), Set.of("*"), ""))
        .isInstanceOf(InvalidKeyGrantException.class);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThatThrownBy(() -> KeyGrant.of(null, Set.of("admin", "root"), "line\nbreak"))
        .isInstanceOf(InvalidKeyGrantException.class)
        .hasMessageContaining("workspace must be")
        .hasMessageContaining("unknown permissions 'admin', 'root'")
        .hasMessageContaining("name must not contain control characters");
  }

  @Test
  void aNameLongerThan100CharactersIsRejected() {
    assertThatThrownBy(() -> KeyGrant.of("ws", Set.of("*"), "n".repeat(101)))
        .isInstanceOf(InvalidKeyGrantException.class)
        .hasMessage("name must be at most 100 characters");
  }
}
