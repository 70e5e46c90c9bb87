package ai.buena.leads.runtime.generate;

import java.nio.charset.StandardCharsets;

/**
 * Lead and event ids of one generator run: {@code lead_<run>_<index>} and {@code
 * evt_<run>_<index>_<sequence>}, where {@code <run>} is a hash of workspace and seed, so runs for
 * different workspaces or seeds never reuse an id.
 */
final class SyntheticIds {
  private static final int RUN_TAG_WIDTH = 8;
  private static final int INDEX_WIDTH = 6;

  private final long runKey;
  private final String runTag;

  SyntheticIds(long seed, String workspaceId) {
    this.runKey = SeededRandom.mix(fnv1a(workspaceId) ^ SeededRandom.mix(seed));
    this.runTag = padded(Long.toString(runKey >>> 24, 36), RUN_TAG_WIDTH);
  }

  long leadSeed(int index) {
    return SeededRandom.derive(runKey, index);
  }

  String leadId(int index) {
    return "lead_" + runTag + "_" + indexTag(index);
  }

  String eventId(int index, int sequence) {
    return "evt_" + runTag + "_" + indexTag(index) + "_" + sequence;
  }

  private static String indexTag(int index) {
    return padded(Integer.toString(index, 36), INDEX_WIDTH);
  }

  private static String padded(String digits, int width) {
    return "0".repeat(Math.max(0, width - digits.length())) + digits;
  }

  private static long fnv1a(String text) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
    }
    return hash;
  }
}
