package ai.buena.leads.http;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * How many requests one API key may make per minute, hour and day; {@link #off()} (the default)
 * limits nothing. Each instance counts on its own: see {@link #forInstances(int)}.
 */
public final class RateLimits {
  private static final RateLimits OFF = new RateLimits(new EnumMap<>(RateWindow.class));

  private final Map<RateWindow, Integer> limits;

  private RateLimits(EnumMap<RateWindow, Integer> limits) {
    this.limits = Collections.unmodifiableMap(limits);
  }

  public static RateLimits off() {
    return OFF;
  }

  /** Buena's published defaults: 60 a minute, 1,000 an hour, 10,000 a day. */
  public static RateLimits buena() {
    return of(60, 1_000, 10_000);
  }

  public static RateLimits of(int perMinute, int perHour, int perDay) {
    EnumMap<RateWindow, Integer> limits = new EnumMap<>(RateWindow.class);
    limits.put(RateWindow.MINUTE, positive(perMinute, RateWindow.MINUTE));
    limits.put(RateWindow.HOUR, positive(perHour, RateWindow.HOUR));
    limits.put(RateWindow.DAY, positive(perDay, RateWindow.DAY));
    return new RateLimits(limits);
  }

  /**
   * This instance's share when {@code instances} instances serve the same keys, each counting only
   * what reaches it: every limit divided by {@code instances}, rounded down, at least 1. The
   * instances together then never allow more than the limit (unless it is below {@code instances}),
   * but a key whose requests all reach one instance gets only that share.
   */
  public RateLimits forInstances(int instances) {
    if (instances < 1) {
      throw new IllegalArgumentException("instances must be at least 1: " + instances);
    }
    EnumMap<RateWindow, Integer> shares = new EnumMap<>(RateWindow.class);
    limits.forEach((window, limit) -> shares.put(window, Math.max(1, limit / instances)));
    return new RateLimits(shares);
  }

  public boolean enabled() {
    return !limits.isEmpty();
  }

  /** The windows that have a limit, shortest first, with their limits. */
  Map<RateWindow, Integer> limits() {
    return limits;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RateLimits that && limits.equals(that.limits);
  }

  @Override
  public int hashCode() {
    return limits.hashCode();
  }

  @Override
  public String toString() {
    return enabled() ? "RateLimits" + limits : "RateLimits[off]";
  }

  private static int positive(int limit, RateWindow window) {
    if (limit < 1) {
      throw new IllegalArgumentException(window.wire() + " limit must be at least 1: " + limit);
    }
    return limit;
  }
}
