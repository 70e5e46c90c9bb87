package ai.buena.leads.auth;

import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** The permissions a key may hold; {@code *} grants every one. */
public final class KnownPermissions {
  public static final String ALL = "*";
  public static final SortedSet<String> NAMES =
      Collections.unmodifiableSortedSet(
          new TreeSet<>(
              List.of(
                  "leads:read",
                  "leads:write",
                  "leads:enrich",
                  "linkedin:read",
                  "linkedin:write",
                  ALL)));

  private KnownPermissions() {}

  public static boolean isKnown(String permission) {
    return NAMES.contains(permission);
  }
}
