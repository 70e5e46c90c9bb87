package ai.buena.leads.projection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Byte encodings whose unsigned lexicographic order (RocksDB's) is the order of the values, so an
 * ordered scan of a store is an ordered scan of the values.
 */
public final class SortableKeys {
  public static final int INSTANT_BYTES = Long.BYTES + Integer.BYTES;

  private SortableKeys() {}

  /** {@code workspaceId 0x00 instant leadId}: one workspace's leads ordered by an instant. */
  public static byte[] workspaceInstantLead(String workspaceId, Instant instant, String leadId) {
    byte[] workspace = workspaceId.getBytes(StandardCharsets.UTF_8);
    byte[] lead = leadId.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(workspace.length + 1 + INSTANT_BYTES + lead.length)
        .put(workspace)
        .put((byte) 0)
        .put(instant(instant))
        .put(lead)
        .array();
  }

  /** The lead id at the end of a {@link #workspaceInstantLead} key. */
  public static String leadIdOf(byte[] key, String workspaceId) {
    int offset = workspaceId.getBytes(StandardCharsets.UTF_8).length + 1 + INSTANT_BYTES;
    return new String(key, offset, key.length - offset, StandardCharsets.UTF_8);
  }

  static byte[] instant(Instant instant) {
    return ByteBuffer.allocate(INSTANT_BYTES)
        .putLong(instant.getEpochSecond() ^ Long.MIN_VALUE)
        .putInt(instant.getNano())
        .array();
  }
}
