package ai.buena.leads.http;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Counts each key's requests in fixed windows aligned to the clock (the UTC minute, hour and day),
 * in memory. A request is counted only when every window has room; a refused one counts nothing.
 * One small entry per key that made a request since start (only authenticated keys get here).
 *
 * <p>The other instances' counts of a key, as they last reported them ({@link #peerCounts}), count
 * against its limits too, so that a key's limit holds across the cluster ({@link RateCountPulls}).
 * Between two rounds of reports, an instance of n admits at most an n-th of what was left of a
 * window at its last round (rounded up). A key that used up its n-th before the next round waits
 * for a round asked at once ({@link #refreshWith}), then gets its n-th of what is left; that round
 * tells the others to count the key's share anew too ({@link #outdateShare}), as what they had
 * left is no longer left. So however fast a client spreads its requests over the instances, they
 * admit together about the limit: beyond it only what they admit while such a round is under way
 * (n − 1 at the least).
 */
final class RateLimiter {
  private final RateLimits limits;
  private final Clock clock;
  private final Map<String, KeyCounts> byKey = new ConcurrentHashMap<>();
  /** Numbers this instance's own count changes, so that a peer can ask for those after one. */
  private final AtomicLong changes = new AtomicLong();
  /** Rounds of the other instances' reports received, and how many instances there were then. */
  private final AtomicLong rounds = new AtomicLong();
  private volatile int instances = 1;
  private volatile Predicate<String> freshRound = keyId -> false;

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
    Decision decision = acquire(counts, Share.KEPT);
    if (decision != null) {
      return decision;
    }
    // its share until the next round is spent or outdated: a round now, then its share of what is
    // left (or, when the others do not answer in time, what their last reports leave)
    return acquire(counts, freshRound.test(keyId) ? Share.COUNTED_ANEW : Share.IGNORED);
  }

  private Decision acquire(KeyCounts counts, Share share) {
    return counts.acquire(Math.floorDiv(clock.millis(), 1000), changes, rounds.get(), instances, share);
  }

  /**
   * A round of the other instances' reports was taken in: {@code instances} in the cluster then,
   * this one included.
   */
  void roundTaken(int instances) {
    this.instances = Math.max(1, instances);
    rounds.incrementAndGet();
  }

  /**
   * What asks the other instances for a round now, for a key whose share is spent (and tells them
   * to count that key's share anew): true once it was taken in, false if not in time.
   */
  void refreshWith(Predicate<String> freshRound) {
    this.freshRound = freshRound;
  }

  /** Another instance spent its share of the key: this one's share was counted on what is gone. */
  void outdateShare(String keyId) {
    byKey.computeIfAbsent(keyId, id -> new KeyCounts(limits)).outdate();
  }

  /** The rounds of the other instances' reports taken in so far. */
  long rounds() {
    return rounds.get();
  }

  /** How a request uses this instance's share of its key until the next round. */
  private enum Share {
    /** Within the share counted at the last round; null when it is spent or outdated. */
    KEPT,
    /** A round was just taken in: the share is counted anew on it. */
    COUNTED_ANEW,
    /** No round came in time: the limits and the last reports alone decide. */
    IGNORED
  }

  /** The instances of the cluster at the last round, this one included. */
  int instances() {
    return instances;
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
   * What instance {@code peer} last reported of key {@code keyId}: each window's number and count
   * there (a window it did not report counts nothing).
   */
  void peerCounts(String peer, String keyId, Map<RateWindow, long[]> counts) {
    byKey.computeIfAbsent(keyId, id -> new KeyCounts(limits)).peer(peer, counts);
  }

  /** Drops every count {@code peer} reported (it restarted, so they start from its new reports). */
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
    /** This instance's share of each window until the next round, and what it admitted of it. */
    private long shareRound = -1;
    private boolean shareOutdated;
    private final long[] share;
    private final long[] spent;

    KeyCounts(RateLimits rateLimits) {
      int n = rateLimits.limits().size();
      windows = rateLimits.limits().keySet().toArray(new RateWindow[n]);
      limits = new int[n];
      windowIndex = new long[n];
      counts = new int[n];
      share = new long[n];
      spent = new long[n];
      for (int i = 0; i < n; i++) {
        limits[i] = rateLimits.limits().get(windows[i]);
        windowIndex[i] = Long.MIN_VALUE;
      }
    }

    /**
     * The verdict, or null when the request would fit the limits but not this instance's share
     * until the next round ({@code beyondShare}: decide on the limits alone).
     */
    synchronized Decision acquire(
        long now, AtomicLong changes, long round, int instances, Share use) {
      boolean room = true;
      long[] elsewhere = new long[windows.length];
      boolean newWindow = false;
      for (int i = 0; i < windows.length; i++) {
        long index = windows[i].index(now);
        // only forward: a clock stepped back (NTP) into an earlier window must not free its count
        if (index > windowIndex[i]) {
          windowIndex[i] = index;
          counts[i] = 0;
          newWindow = true;
        }
        elsewhere[i] = peersIn(i, windowIndex[i]);
        room &= counts[i] + elsewhere[i] < limits[i];
      }
      if (room && instances > 1 && use != Share.IGNORED) {
        if (use == Share.KEPT && shareOutdated) {
          return null;
        }
        if (use == Share.COUNTED_ANEW || round != shareRound || newWindow) {
          shareRound = round;
          shareOutdated = false;
          for (int i = 0; i < windows.length; i++) {
            long left = Math.max(0, limits[i] - counts[i] - elsewhere[i]);
            share[i] = (left + instances - 1) / instances;
            spent[i] = 0;
          }
        }
        for (int i = 0; i < windows.length; i++) {
          if (spent[i] >= share[i]) {
            return null;
          }
        }
      }
      if (room) {
        for (int i = 0; i < windows.length; i++) {
          counts[i]++;
          spent[i]++;
        }
        version = changes.incrementAndGet();
      }
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

    synchronized void peer(String peer, Map<RateWindow, long[]> reported) {
      long[] kept = new long[2 * windows.length];
      for (int i = 0; i < windows.length; i++) {
        long[] window = reported.get(windows[i]);
        kept[2 * i] = window == null ? -1 : window[0];
        kept[2 * i + 1] = window == null ? 0 : window[1];
      }
      peers.put(peer, kept);
    }

    synchronized void outdate() {
      shareOutdated = true;
    }

    synchronized void forget(String peer) {
      peers.remove(peer);
    }
  }
}
