package ai.buena.leads.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a key is granted: one workspace, a set of known permissions and a display name ({@code ""}
 * when absent), validated together so that every problem is reported at once.
 *
 * @throws InvalidKeyGrantException naming every invalid part
 */
public record KeyGrant(String workspaceId, SortedSet<String> permissions, String name) {
  public static final int MAX_NAME_LENGTH = 100;
  private static final Pattern WORKSPACE = Pattern.compile("[A-Za-z0-9_-]{1,100}");

  public KeyGrant {
    name = name == null ? "" : name;
    List<String> problems = new ArrayList<>();
    if (!isWorkspaceId(workspaceId)) {
      problems.add(
          "workspace must be 1 to 100 characters of A-Z, a-z, 0-9, '_' or '-' (got "
              + quoted(workspaceId)
              + ")");
    }
    if (permissions == null || permissions.isEmpty()) {
      problems.add("at least one permission is required");
    } else {
      List<String> unknown =
          permissions.stream()
              .filter(p -> !KnownPermissions.isKnown(p))
              .map(KeyGrant::quoted)
              .toList();
      if (!unknown.isEmpty()) {
        problems.add(
            (unknown.size() == 1 ? "unknown permission " : "unknown permissions ")
                + String.join(", ", unknown)
                + " (known: "
                + String.join(", ", KnownPermissions.NAMES)
                + ")");
      }
    }
    if (name.length() > MAX_NAME_LENGTH) {
      problems.add("name must be at most " + MAX_NAME_LENGTH + " characters");
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      problems.add("name must not contain control characters");
    }
    if (!problems.isEmpty()) {
      throw new InvalidKeyGrantException(String.join("; ", problems));
    }
    permissions = Collections.unmodifiableSortedSet(new TreeSet<>(permissions));
  }

  public static KeyGrant of(String workspaceId, Set<String> permissions, String name) {
    return new KeyGrant(workspaceId, permissions == null ? null : new TreeSet<>(permissions), name);
  }

  public static boolean isWorkspaceId(String workspaceId) {
    return workspaceId != null && WORKSPACE.matcher(workspaceId).matches();
  }

  private static String quoted(String value) {
    return value == null ? "nothing" : "'" + value + "'";
  }
}
