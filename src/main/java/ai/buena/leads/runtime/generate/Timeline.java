package ai.buena.leads.runtime.generate;

import java.util.Arrays;

/**
 * When a lead's events happen, in epoch seconds: created within two years before the end (more of
 * them recently), the rest in order within the following months, never after the end.
 */
final class Timeline {
  private static final long MINUTE = 60;
  private static final long DAY = 86_400;
  private static final long HISTORY_SPAN = 730 * DAY;
  private static final long MAX_ACTIVITY_SPAN = 240 * DAY;

  private final long endEpochSecond;

  Timeline(long endEpochSecond) {
    this.endEpochSecond = endEpochSecond;
  }

  long[] eventTimes(int count, SeededRandom random) {
    double recency = 1 - Math.sqrt(random.nextDouble());
    long age = DAY + (long) (recency * (HISTORY_SPAN - DAY));
    long created = endEpochSecond - age;
    long activitySpan = Math.min(age, MAX_ACTIVITY_SPAN) - MINUTE;
    long[] times = new long[count];
    times[0] = created;
    for (int i = 1; i < count; i++) {
      times[i] = created + MINUTE + random.nextLong(activitySpan + 1);
    }
    Arrays.sort(times, 1, count);
    return times;
  }
}
