package ai.buena.leads.projection;

import ai.buena.leads.events.LeadStatus;
import java.nio.ByteBuffer;

/** A change of a workspace's counts per status: +1 for the new status, -1 for the old one. */
record StatusCountsDelta(int[] perStatus) {
  static StatusCountsDelta of(LeadStatus before, LeadStatus after) {
    int[] deltas = new int[LeadStatus.values().length];
    if (before != null) {
      deltas[before.ordinal()]--;
    }
    if (after != null) {
      deltas[after.ordinal()]++;
    }
    return new StatusCountsDelta(deltas);
  }

  byte[] toBytes() {
    ByteBuffer buffer = ByteBuffer.allocate(perStatus.length * Integer.BYTES);
    for (int delta : perStatus) {
      buffer.putInt(delta);
    }
    return buffer.array();
  }

  static StatusCountsDelta fromBytes(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    int[] deltas = new int[LeadStatus.values().length];
    for (int i = 0; i < deltas.length && buffer.remaining() >= Integer.BYTES; i++) {
      deltas[i] = buffer.getInt();
    }
    return new StatusCountsDelta(deltas);
  }
}
