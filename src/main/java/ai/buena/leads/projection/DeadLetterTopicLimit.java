package ai.buena.leads.projection;

/**
 * How much of a refused event its dead letter may copy for the dead-letter topic to take the
 * record: the topic's {@code max.message.bytes} as read at start, less room for the key, the copied
 * headers, ours, the record batch and lz4's framing of values that do not compress. Until it is
 * read (or when it cannot be), a full copy ({@link DeadLetterRecord#MAX_VALUE_BYTES}), which the
 * declared topics take; a copy the topic refuses anyway (its limit lowered since the start) fails
 * its task and follows the failed-attempts ladder ({@link FailingRecords}).
 */
public final class DeadLetterTopicLimit {
  /** The key, the producer's headers, ours and the batch's framing at their largest, and more. */
  static final int RESERVED_BYTES =
      DeadLetterRecord.MAX_KEY_BYTES + DeadLetterRecord.MAX_COPIED_HEADER_BYTES + 8 * 1024;

  private volatile long topicMaxMessageBytes = -1;

  /** The dead-letter topic takes records (batches) of at most {@code maxMessageBytes}. */
  public void topicTakes(long maxMessageBytes) {
    topicMaxMessageBytes = maxMessageBytes;
  }

  /** The most of an event's value a dead letter copies now. */
  public int maxValueBytes() {
    long limit = topicMaxMessageBytes;
    if (limit < 0) {
      return DeadLetterRecord.MAX_VALUE_BYTES;
    }
    // a hundredth more for lz4, which stores a block it cannot shrink as it is, plus its framing
    long room = limit - RESERVED_BYTES - limit / 100;
    return (int)
        Math.max(DeadLetterRecord.EXCERPT_VALUE_BYTES, Math.min(DeadLetterRecord.MAX_VALUE_BYTES, room));
  }

  /** The topic's limit as read, or -1 while it is not known. */
  public long topicMaxMessageBytes() {
    return topicMaxMessageBytes;
  }
}
