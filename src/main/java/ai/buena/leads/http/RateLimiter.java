package ai.buena.leads.http;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts each key's requests in fixed windows aligned to the clock (the UTC minute, hour and day),
 * in memory. A request is counted only when every window has room; a refused one counts nothing.
 * One small entry per key that made a request since start (only authenticated keys get here).
 */
final class RateLimiter {
  private final RateLimits limits;
  private final Clock clock;
  private final Map<String, KeyCounts> byKey = new ConcurrentHashMap<>();

  RateLimiter(RateLimits limits, Clock clock) {
    if (!limits.enabled()) {
      throw new IllegalArgumentException("no limits to enforce");
    }
    this.limits = limits;
    this.clock = clock;
  }

  /**
   * The verdict on one more request of this key. It describes the tightest window: the one with the
   * fewest requests remaining, the longer one on a tie (it is the one that stays binding).
   */
  Decision acquire(String keyId) {
    long now = Math.floorDiv(clock.millis(), 1000);
    return byKey.computeIfAbsent(keyId, id -> new KeyCounts(limits)).acquire(now);
  }

  /**
   * @param reset the Unix second the window ends
   * @param retryAfterSeconds 0 when allowed; else seconds until the request would be allowed, ≥ 1
   */
  record Decision(
      boolean allowed,
      RateWindow window,
      int limit,
      int remaining,
      long reset,
      long retryAfterSeconds) {}

  private static final class KeyCounts {
    private final RateWindow[] windows;
    private final int[] limits;
    private final long[] windowIndex;
    private final int[] counts;

    KeyCounts(RateLimits rateLimits) {
      int n = rateLimits.limits().size();
      windows = rateLimits.limits().keySet().toArray(new RateWindow[n]);
      limits = new int[n];
      windowIndex = new long[n];
      counts = new int[n];
      for (int i = 0; i < n; i++) {
        limits[i] = rateLimits.limits().get(windows[i]);
        windowIndex[i] = Long.MIN_VALUE;
      }
    }

    synchronized Decision acquire(long now) {
      boolean room = true;
      for (int i = 0; i < windows.length; i++) {
        long index = windows[i].index(now);
        // only forward: a clock stepped back (NTP) into an earlier window must not free its count
        if (index > windowIndex[i]) {
          windowIndex[i] = index;
          counts[i] = 0;
        }
        room &= counts[i] < limits[i];
      }
      if (room) {
        for (int i = 0; i < windows.length; i++) {
          counts[i]++;
        }
      }
      int tightest = 0;
      for (int i = 1; i < windows.length; i++) {
        if (remaining(i) <= remaining(tightest)) {
          tightest = i;
        }
      }
      long reset = windows[tightest].end(windowIndex[tightest]);
      return new Decision(
          room,
          windows[tightest],
          limits[tightest],
          remaining(tightest),
          reset,
          room ? 0 : Math.max(1, reset - now));
    }

    private int remaining(int i) {
      return Math.max(0, limits[i] - counts[i]);
    }
  }
}
