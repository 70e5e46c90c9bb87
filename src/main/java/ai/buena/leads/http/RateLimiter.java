package ai.buena.leads.http;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * Counts each key's requests in fixed windows aligned to the clock (the UTC minute, hour and day),
 * in memory. A request is counted only when every window has room; a refused one counts nothing.
 * One small entry per key that made a request since start (only authenticated keys get here).
 *
 * <p>Over several instances ({@link RateCountPulls}), the others' counts of a key, as they last
 * reported them ({@link #peerCounts}), count against its limits too, and each instance admits a
 * key's requests only up to its allowance in each window: at a window's start an n-th of the limit
 * (rounded up), and after that what a fresh round grants it. A fresh round is asked when the
 * allowance is reached ({@link #refreshWith}): it first stops every other instance at the count it
 * has ({@link #outdateShare}: each must then ask a fresh round of its own to admit more of the
 * key), then grants this one its count plus an n-th of what the round shows is left. So the
 * instances' allowances together stay within the limit, give or take n − 1 when fresh rounds cross.
 */
final class RateLimiter {
  /**
   * How many fresh rounds one request may ask before the limits alone decide: each grants some of
   * what is left, so only many requests of the key at once need more than one.
   */
  private static final int FRESH_ROUNDS = 50;

  private final RateLimits limits;
  private final Clock clock;
  private final Map<String, KeyCounts> byKey = new ConcurrentHashMap<>();
  /** Numbers this instance's own count changes, so that a peer can ask for those after one. */
  private final AtomicLong changes = new AtomicLong();
  private volatile int instances = 1;
  /** Asks a fresh round for a key: the round's number once taken in, or -1 if not in time. */
  private volatile ToLongFunction<String> freshRound = keyId -> -1;

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
    KeyCounts counts = byKey.computeIfAbsent(keyId, id -> new KeyCounts(limits));
    Decision decision = counts.acquire(nowSecond(), changes, instances, Grant.NONE);
    for (int asked = 0; decision == null && asked < FRESH_ROUNDS; asked++) {
      long stopped = counts.stopped();
      long round = freshRound.applyAsLong(keyId);
      if (round < 0) {
        break;
      }
      decision = counts.acquire(nowSecond(), changes, instances, new Grant(round, stopped));
    }
    // no fresh round in time: the limits and the others' last reports decide
    return decision != null ? decision : counts.acquire(nowSecond(), changes, instances, Grant.LIMITS_ONLY);
  }

  /** What this key's next request would be told, without counting anything or asking anyone. */
  Decision peek(String keyId) {
    KeyCounts counts = byKey.get(keyId);
    return counts == null
        ? new KeyCounts(limits).describe(nowSecond())
        : counts.describe(nowSecond());
  }

  private long nowSecond() {
    return Math.floorDiv(clock.millis(), 1000);
  }

  /**
   * What a request may use beyond the allowance it found: nothing, or the grant of fresh round
   * {@code round} (asked when the key had been stopped {@code stopped} times), or all the limits.
   */
  private record Grant(long round, long stopped) {
    static final Grant NONE = new Grant(-1, 0);
    static final Grant LIMITS_ONLY = new Grant(Long.MAX_VALUE, 0);
  }

  /** The instances of the cluster at the last round, this one included. */
  int instances() {
    return instances;
  }

  /** A round of the other instances' reports was taken in; {@code instances} counts this one too. */
  void roundTaken(int instances) {
    this.instances = Math.max(1, instances);
  }

  /**
   * What asks the other instances for a fresh round for a key whose allowance is reached (telling
   * them to stop at their counts of it): the round's number (increasing) once taken in, -1 if not
   * in time.
   */
  void refreshWith(ToLongFunction<String> freshRound) {
    this.freshRound = freshRound;
  }

  /** Another instance asks a fresh round for the key: this one admits no more of it until its own. */
  void outdateShare(String keyId) {
    byKey.computeIfAbsent(keyId, id -> new KeyCounts(limits)).stop(nowSecond());
  }

  /** The number of this instance's last count change (0 before any). */
  long version() {
    return changes.get();
  }

  /**
   * This instance's own counts (not its peers') of every key whose count changed after {@code
   * since}: key id to each window's number and count.
   */
  Map<String, Map<RateWindow, long[]>> ownCountsSince(long since) {
    Map<String, Map<RateWindow, long[]>> changed = new LinkedHashMap<>();
    byKey.forEach(
        (keyId, counts) -> {
          Map<RateWindow, long[]> own = counts.ownSince(since);
          if (own != null) {
            changed.put(keyId, own);
          }
        });
    return changed;
  }

  /**
   * What instance {@code peer} reported of key {@code keyId}: each window's number and count there
   * (a window it never reported counts nothing). A report older than one taken in before lowers
   * nothing.
   */
  void peerCounts(String peer, String keyId, Map<RateWindow, long[]> counts) {
    byKey.computeIfAbsent(keyId, id -> new KeyCounts(limits)).peer(peer, counts);
  }

  /** Drops every count {@code peer} reported (it restarted, or left the cluster). */
  void forgetPeer(String peer) {
    byKey.values().forEach(counts -> counts.forget(peer));
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
    /** Per peer instance: window number and count for each of {@link #windows}, -1 unreported. */
    private final Map<String, long[]> peers = new HashMap<>();
    private long version;
    /** This instance's own count it may reach in each window; -1: a window's start share. */
    private final long[] allowance;
    /** The fresh round that set the allowance (a round's waiters after the first take no more). */
    private long grantRound = -1;
    /** How many times another instance's fresh round stopped this one at its count. */
    private long stops;

    KeyCounts(RateLimits rateLimits) {
      int n = rateLimits.limits().size();
      windows = rateLimits.limits().keySet().toArray(new RateWindow[n]);
      limits = new int[n];
      windowIndex = new long[n];
      counts = new int[n];
      allowance = new long[n];
      for (int i = 0; i < n; i++) {
        limits[i] = rateLimits.limits().get(windows[i]);
        windowIndex[i] = Long.MIN_VALUE;
      }
    }

    /** The verdict, or null when the request fits the limits but not the allowance it may use. */
    synchronized Decision acquire(long now, AtomicLong changes, int instances, Grant grant) {
      roll(now);
      long[] elsewhere = elsewhere();
      boolean room = room(elsewhere);
      if (room && instances > 1 && grant != Grant.LIMITS_ONLY) {
        if (grant.round() > grantRound) {
          if (stops != grant.stopped()) {
            // another instance's fresh round crossed this one's: its grant counted on this
            // instance staying where it stopped it, so this one's is void; ask again
            return null;
          }
          grantRound = grant.round();
          for (int i = 0; i < windows.length; i++) {
            long left = limits[i] - counts[i] - elsewhere[i];
            allowance[i] = counts[i] + ceilDiv(left, instances);
          }
        }
        for (int i = 0; i < windows.length; i++) {
          long allowed = allowance[i] < 0 ? ceilDiv(limits[i], instances) : allowance[i];
          if (counts[i] >= allowed) {
            return null;
          }
        }
      }
      if (room) {
        for (int i = 0; i < windows.length; i++) {
          counts[i]++;
        }
        version = changes.incrementAndGet();
      }
      return decision(now, room, elsewhere);
    }

    private Decision decision(long now, boolean room, long[] elsewhere) {
      int tightest = 0;
      for (int i = 1; i < windows.length; i++) {
        if (remaining(i, elsewhere) <= remaining(tightest, elsewhere)) {
          tightest = i;
        }
      }
      long reset = windows[tightest].end(windowIndex[tightest]);
      return new Decision(
          room,
          windows[tightest],
          limits[tightest],
          remaining(tightest, elsewhere),
          reset,
          room ? 0 : Math.max(1, reset - now));
    }

    /** The tightest window as {@link #acquire} would describe it, nothing counted. */
    synchronized Decision describe(long now) {
      roll(now);
      long[] elsewhere = elsewhere();
      return decision(now, room(elsewhere), elsewhere);
    }

    /** The peers' counts in each current window. */
    private long[] elsewhere() {
      long[] elsewhere = new long[windows.length];
      for (int i = 0; i < windows.length; i++) {
        elsewhere[i] = peersIn(i, windowIndex[i]);
      }
      return elsewhere;
    }

    /** Whether every window has room for one more request, counting the peers'. */
    private boolean room(long[] elsewhere) {
      boolean room = true;
      for (int i = 0; i < windows.length; i++) {
        room &= counts[i] + elsewhere[i] < limits[i];
      }
      return room;
    }

    /** Moves each window to the one holding {@code now}: only forward (a clock stepped back stays). */
    private void roll(long now) {
      for (int i = 0; i < windows.length; i++) {
        long index = windows[i].index(now);
        if (index > windowIndex[i]) {
          windowIndex[i] = index;
          counts[i] = 0;
          allowance[i] = -1;
        }
      }
    }

    private static long ceilDiv(long value, int by) {
      return value <= 0 ? 0 : (value + by - 1) / by;
    }

    /** The peers' counts in window {@code i} while it is window number {@code index}. */
    private long peersIn(int i, long index) {
      long sum = 0;
      for (long[] reported : peers.values()) {
        if (reported[2 * i] == index) {
          sum += reported[2 * i + 1];
        }
      }
      return sum;
    }

    private int remaining(int i, long[] elsewhere) {
      return (int) Math.max(0, limits[i] - counts[i] - elsewhere[i]);
    }

    synchronized long stopped() {
      return stops;
    }

    /** No more admitted in the current windows than counted now, until a fresh round's grant. */
    synchronized void stop(long now) {
      stops++;
      roll(now);
      for (int i = 0; i < windows.length; i++) {
        allowance[i] = counts[i];
      }
    }

    synchronized Map<RateWindow, long[]> ownSince(long since) {
      if (version <= since) {
        return null;
      }
      Map<RateWindow, long[]> own = new LinkedHashMap<>();
      for (int i = 0; i < windows.length; i++) {
        own.put(windows[i], new long[] {windowIndex[i], counts[i]});
      }
      return own;
    }

    /**
     * A peer's count in a window only grows, so a report that arrives after a newer one (rounds
     * answered out of order) keeps the newer window number and the higher count.
     */
    synchronized void peer(String peer, Map<RateWindow, long[]> reported) {
      long[] kept = peers.computeIfAbsent(peer, unreported -> unreported());
      for (int i = 0; i < windows.length; i++) {
        long[] window = reported.get(windows[i]);
        if (window == null) {
          continue;
        }
        if (window[0] > kept[2 * i]) {
          kept[2 * i] = window[0];
          kept[2 * i + 1] = window[1];
        } else if (window[0] == kept[2 * i]) {
          kept[2 * i + 1] = Math.max(kept[2 * i + 1], window[1]);
        }
      }
    }

    private long[] unreported() {
      long[] kept = new long[2 * windows.length];
      for (int i = 0; i < windows.length; i++) {
        kept[2 * i] = -1;
      }
      return kept;
    }

    synchronized void forget(String peer) {
      peers.remove(peer);
    }
  }
}
