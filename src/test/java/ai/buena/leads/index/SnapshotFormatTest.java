package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.lead.Lead;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot is loaded as it was saved, without deriving anything again: the orders as doc numbers,
 * the grams under their keys, the summaries as they were made. So a change to how the index
 * derives any of it (an order, the lower-casing, the grams, a summary) must come with a new {@link
 * IndexSnapshots#VERSION}, or instances restarting on snapshots of the last version answer with
 * the old derivation. This pins the bytes of a fixed index to the version they were written under.
 */
class SnapshotFormatTest {
  /** Update both together, and only with a new {@link IndexSnapshots#VERSION}. */
  private static final int PINNED_VERSION = 5;

  private static final String PINNED_SHA256 =
      "9bf47101ce1cc54d27318917a329f122755f6074a456d6048fb4c330ed66bafc";

  private static final String[] NAMES = {"Ann", "anna", "Jo", "John", "Johnson", "Zoë", "İlker", "Straße", null};
  private static final String[] COMPANIES = {"Acme", "acme", "Johnson LLC", "Tech Corp", "Ünal GmbH", null};
  private static final String[] TITLES = {"Engineer", "Senior Engineer", "CEO", "VP Sales", null};
  private static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");

  @TempDir Path dir;

  @Test
  void shouldWriteTheBytesPinnedForItsFormatVersion() throws IOException, NoSuchAlgorithmException {
    Map<String, Lead> store = new TreeMap<>();
    PartitionIndex index = new PartitionIndex(4, store::get);
    Random random = new Random(42);
    for (int i = 0; i < 400; i++) {
      Lead lead = lead(random, "lead_" + random.nextInt(300), i % 7 == 0 ? "ws_b" : "ws_a");
      Lead before = store.get(lead.id());
      if (before != null && !before.workspaceId().equals(lead.workspaceId())) {
        continue;
      }
      if (i % 11 == 0 && before != null) {
        index.change(() -> store.remove(lead.id()), before, null);
      } else {
        index.change(() -> store.put(lead.id(), lead), before, lead);
      }
    }
    Path file = dir.resolve("leads.index-snapshot");
    IndexSnapshots.write(index, new UUID(1, 2), file);

    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));

    assertThat(List.of(IndexSnapshots.VERSION, sha256))
        .as("the snapshot of a fixed index changed: if what the index derives changed, give"
            + " IndexSnapshots a new VERSION, then pin both here")
        .isEqualTo(List.of(PINNED_VERSION, PINNED_SHA256));
  }

  private static Lead lead(Random random, String id, String workspace) {
    Instant created = BASE.plusSeconds(random.nextInt(90) * 86_400L + random.nextInt(86_400));
    String first = pick(random, NAMES);
    String last = pick(random, NAMES);
    return new Lead(
        id, workspace, first, last == null ? null : last + "sen",
        first == null ? null : first.toLowerCase(java.util.Locale.ROOT) + random.nextInt(50) + "@mail" + random.nextInt(3) + ".com",
        null, pick(random, COMPANIES), pick(random, TITLES), null, null,
        LeadStatus.values()[random.nextInt(LeadStatus.values().length)],
        LeadSource.values()[random.nextInt(LeadSource.values().length)],
        null, List.of(), Map.of(), created, created.plusSeconds(random.nextInt(5) * 3600L),
        random.nextInt(3) == 0 ? null : created.plusSeconds(random.nextInt(100) * 3600L));
  }

  private static String pick(Random random, String[] values) {
    return values[random.nextInt(values.length)];
  }
}
