package ai.buena.leads.runtime;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seed page's two leads ({@link DemoData#SEED_EVENTS}) moved into another workspace, for tests
 * on a shared broker. Lead ids get a suffix too: lead ids are global on {@code lead-events}, so two
 * workspaces cannot both hold {@code lead_abc123}.
 */
public final class DemoSeedEvents {
  private static final Pattern WORKSPACE =
      Pattern.compile("\"workspaceId\":\"" + DemoData.WORKSPACE + "\"");
  private static final Pattern LEAD_ID = Pattern.compile("\"leadId\":\"(lead_[a-z0-9]+)\"");

  private DemoSeedEvents() {}

  public static List<String> forWorkspace(String workspaceId, String leadIdSuffix) {
    return DemoData.SEED_EVENTS.stream()
        .map(line -> adapted(line, workspaceId, leadIdSuffix))
        .toList();
  }

  private static String adapted(String line, String workspaceId, String leadIdSuffix) {
    Matcher workspace = WORKSPACE.matcher(line);
    Matcher leadId = LEAD_ID.matcher(line);
    if (!workspace.find() || !leadId.find()) {
      throw new IllegalStateException("seed event without workspaceId or leadId: " + line);
    }
    String moved =
        workspace.replaceFirst(Matcher.quoteReplacement("\"workspaceId\":\"" + workspaceId + "\""));
    String suffixed = "\"leadId\":\"$1_" + Matcher.quoteReplacement(leadIdSuffix) + "\"";
    return LEAD_ID.matcher(moved).replaceFirst(suffixed);
  }
}
