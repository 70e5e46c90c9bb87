package ai.buena.leads.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Asks every live instance of a cluster the same list query, each on its own schedule a fixed delay
 * apart (20 ms in the scenarios of issue 12), and classifies every answer against the total the
 * query must have. An instance that is not running (its process is stopped) is not asked.
 */
public final class AvailabilityPoller implements AutoCloseable {
  /** The header with which an instance marks an answer read from a standby (issue 12). */
  public static final String STALENESS_HEADER = "X-Lead-Data-Staleness";

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one call got. */
  public enum Kind {
    /** 200 with the expected total. */
    COMPLETE,
    /** 200 with the staleness header: read partly from standby copies, its total may lag. */
    STALE,
    /** 200 without the staleness header and with another total: a silent gap, never allowed. */
    PARTIAL,
    /** 503 for the data: the instance is up but a partition cannot answer. */
    UNAVAILABLE,
    /**
     * 503 {@code INSTANCE_STOPPING}: a request that reached an instance as it stopped taking
     * requests (after its drain period); a client or peer asks another instance.
     */
    STOPPING,
    /** 500 or any other 5xx but 503. */
    ERROR,
    /** No HTTP answer: refused or reset (the instance is stopping or stopped). */
    REFUSED,
    /** Any other status (a 4xx would be a bug of the poller or the service). */
    OTHER
  }

  /** One call to {@code instance}, sent and received on {@link System#nanoTime()}. */
  public record Observation(
      String instance, long sentNanos, long receivedNanos, Kind kind, int status, String detail) {}

  /** An instance to ask, while {@code live} says it runs. */
  public record Target(String name, String baseUrl, BooleanSupplier live) {}

  private final List<Observation> observations = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService threads;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
  private final String pathAndQuery;
  private final String apiKey;
  private final long expectedTotal;

  private AvailabilityPoller(
      List<Target> targets, String pathAndQuery, String apiKey, long expectedTotal, Duration delay) {
    this.pathAndQuery = pathAndQuery;
    this.apiKey = apiKey;
    this.expectedTotal = expectedTotal;
    threads =
        Executors.newScheduledThreadPool(
            Math.max(1, targets.size()),
            task -> {
              Thread t = new Thread(task, "availability-poller");
              t.setDaemon(true);
              return t;
            });
    for (Target target : targets) {
      threads.scheduleWithFixedDelay(
          () -> {
            if (target.live().getAsBoolean()) {
              observations.add(ask(target));
            }
          },
          0,
          delay.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Starts asking each of {@code targets} {@code GET pathAndQuery} (a list query) with {@code
   * apiKey}, {@code delay} after its previous answer; complete means {@code expectedTotal}.
   */
  public static AvailabilityPoller start(
      List<Target> targets, String pathAndQuery, String apiKey, long expectedTotal, Duration delay) {
    return new AvailabilityPoller(targets, pathAndQuery, apiKey, expectedTotal, delay);
  }

  /** Every observation so far, in the order they were received. */
  public List<Observation> observations() {
    return List.copyOf(observations);
  }

  /** The observations of calls sent at or after {@code fromNanos} and before {@code toNanos}. */
  public List<Observation> between(long fromNanos, long toNanos) {
    List<Observation> within = new ArrayList<>();
    for (Observation o : observations) {
      if (o.sentNanos() >= fromNanos && o.sentNanos() < toNanos) {
        within.add(o);
      }
    }
    return within;
  }

  /** How many calls got each kind of answer. */
  public static Map<Kind, Long> count(List<Observation> observations) {
    Map<Kind, Long> counts = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      counts.put(kind, 0L);
    }
    observations.forEach(o -> counts.merge(o.kind(), 1L, Long::sum));
    return counts;
  }

  /**
   * The longest stretch, in milliseconds, between {@code fromNanos} and {@code toNanos} in which no
   * instance gave a complete (or stale-labelled) answer: measured between the receipt of such
   * answers.
   */
  public static long longestDarkMillis(List<Observation> observations, long fromNanos, long toNanos) {
    long last = fromNanos;
    long longest = 0;
    for (long at : completeAnswers(observations, fromNanos, toNanos)) {
      longest = Math.max(longest, at - last);
      last = at;
    }
    longest = Math.max(longest, toNanos - last);
    return TimeUnit.NANOSECONDS.toMillis(longest);
  }

  /**
   * As {@link #longestDarkMillis}, but counting only the time in which a request was on its way:
   * each stretch between two complete (or stale-labelled) answers counts from the earlier of its
   * start and the sending of the first request still unanswered in it. When the poller itself
   * paused (its JVM, which also runs the broker, stopped or was not scheduled), no instance could
   * answer; the pause is in {@link #longestDarkMillis} and {@link #longestPauseMillis}, not here.
   */
  public static long longestUnansweredMillis(List<Observation> observations, long fromNanos, long toNanos) {
    List<Long> answered = completeAnswers(observations, fromNanos, toNanos);
    long longest = 0;
    long last = fromNanos;
    for (long at : answered) {
      longest = Math.max(longest, unansweredBetween(observations, last, at));
      last = at;
    }
    longest = Math.max(longest, unansweredBetween(observations, last, toNanos));
    return TimeUnit.NANOSECONDS.toMillis(longest);
  }

  /** From the first request in flight in (start, end) that no complete answer followed, to end. */
  private static long unansweredBetween(List<Observation> observations, long start, long end) {
    long firstSent = Long.MAX_VALUE;
    for (Observation o : observations) {
      if (o.sentNanos() < end && o.receivedNanos() > start) {
        firstSent = Math.min(firstSent, o.sentNanos());
      }
    }
    return firstSent == Long.MAX_VALUE ? 0 : end - Math.max(start, firstSent);
  }

  /** The longest stretch between {@code fromNanos} and {@code toNanos} with no request on its way. */
  public static long longestPauseMillis(List<Observation> observations, long fromNanos, long toNanos) {
    List<Observation> bySent = new ArrayList<>(observations);
    bySent.sort(Comparator.comparingLong(Observation::sentNanos));
    long longest = 0;
    long busyUntil = fromNanos;
    for (Observation o : bySent) {
      if (o.sentNanos() > toNanos) {
        break;
      }
      longest = Math.max(longest, o.sentNanos() - busyUntil);
      busyUntil = Math.max(busyUntil, o.receivedNanos());
    }
    longest = Math.max(longest, toNanos - busyUntil);
    return TimeUnit.NANOSECONDS.toMillis(Math.max(0, longest));
  }

  private static List<Long> completeAnswers(List<Observation> observations, long fromNanos, long toNanos) {
    List<Long> answered = new ArrayList<>();
    for (Observation o : observations) {
      if ((o.kind() == Kind.COMPLETE || o.kind() == Kind.STALE)
          && o.receivedNanos() >= fromNanos
          && o.receivedNanos() <= toNanos) {
        answered.add(o.receivedNanos());
      }
    }
    answered.sort(Long::compare);
    return answered;
  }

  /**
   * One line per observation, ordered by the time it was sent: wall-clock time (UTC, from {@code
   * nanoTime} through the offset taken now), instance, kind, status, milliseconds taken and detail
   * (the total, or the error body) — to read beside the instances' logs.
   */
  public static List<String> timeline(List<Observation> observations) {
    long offsetNanos = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
    List<Observation> sorted = new ArrayList<>(observations);
    sorted.sort(java.util.Comparator.comparingLong(Observation::sentNanos));
    List<String> lines = new ArrayList<>();
    for (Observation o : sorted) {
      java.time.Instant sent = java.time.Instant.ofEpochMilli((o.sentNanos() + offsetNanos) / 1_000_000L);
      lines.add(String.join("\t", sent.toString(), o.instance(), o.kind().name(), String.valueOf(o.status()),
          String.valueOf(TimeUnit.NANOSECONDS.toMillis(o.receivedNanos() - o.sentNanos())),
          o.detail().replace('\n', ' ')));
    }
    return lines;
  }

  @Override
  public void close() {
    threads.shutdownNow();
    try {
      threads.awaitTermination(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Observation ask(Target target) {
    long sent = System.nanoTime();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(target.baseUrl() + pathAndQuery))
            .timeout(TIMEOUT)
            .header("x-api-key", apiKey)
            .GET()
            .build();
    try {
      HttpResponse<String> response =
          client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      long received = System.nanoTime();
      int status = response.statusCode();
      boolean stale = response.headers().firstValue(STALENESS_HEADER).isPresent();
      if (status == 200) {
        long total = totalOf(response.body());
        // a copy behind its active may miss what the active processed but had not committed:
        // its answer says so, and only an unlabelled answer with another total is a silent gap
        Kind kind = stale ? Kind.STALE : total != expectedTotal ? Kind.PARTIAL : Kind.COMPLETE;
        return new Observation(target.name(), sent, received, kind, status, "total=" + total);
      }
      Kind kind =
          status == 503
              ? response.body().contains("\"INSTANCE_STOPPING\"") ? Kind.STOPPING : Kind.UNAVAILABLE
              : status >= 500 ? Kind.ERROR : Kind.OTHER;
      return new Observation(target.name(), sent, received, kind, status, brief(response.body()));
    } catch (ConnectException | HttpConnectTimeoutException e) {
      return new Observation(target.name(), sent, System.nanoTime(), Kind.REFUSED, -1, e.toString());
    } catch (IOException e) {
      // A connection closed under the call (the instance stopped): no HTTP answer either.
      return new Observation(target.name(), sent, System.nanoTime(), Kind.REFUSED, -1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Observation(target.name(), sent, System.nanoTime(), Kind.REFUSED, -1, "interrupted");
    }
  }

  private static long totalOf(String body) {
    try {
      JsonNode total = JSON.readTree(body).path("data").path("pagination").path("total");
      return total.isNumber() ? total.asLong() : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  private static String brief(String body) {
    return body.length() > 200 ? body.substring(0, 200) : body;
  }
}
