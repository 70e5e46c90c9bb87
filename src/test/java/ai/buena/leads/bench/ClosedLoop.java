package ai.buena.leads.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Closed-loop HTTP clients: each sends its next request when the previous one answered. Every
 * client has its own {@link HttpClient} (HTTP/1.1, one kept-alive connection). Any answer other
 * than 200 aborts the run.
 */
final class ClosedLoop {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  /**
   * {@code -Dbench.acceptEncoding="gzip, deflate"}: what Python's {@code requests} sends, and
   * {@code fetch} in Node and browsers sends much the same; the answers are then compressed by the
   * service (and not decompressed here: the client's own cost is not the service's).
   */
  private static final String ACCEPT_ENCODING = System.getProperty("bench.acceptEncoding", "");
  /**
   * {@code -Dbench.newConnections=true}: a new connection for every request ({@code Connection:
   * close}), as Python's {@code requests.get} without a session makes; needs {@code
   * -Djdk.httpclient.allowRestrictedHeaders=connection} in {@code bench.jvm.args}.
   */
  private static final boolean NEW_CONNECTIONS = Boolean.getBoolean("bench.newConnections");
  /**
   * {@code -Dbench.slowest=N}: {@link #runFor} prints the N slowest requests of its run with their
   * paths (to find which of a {@code {pick:...}} shape's requests make its tail).
   */
  private static final int SLOWEST = Integer.getInteger("bench.slowest", 0);


  /** The slowest requests of the current {@link #runFor}, when {@link #SLOWEST} asks for them. */
  private final List<Slow> slowest = Collections.synchronizedList(new ArrayList<>());

  /** Counts the runs of varying paths: each run draws other pages than the one before it. */
  private final java.util.concurrent.atomic.AtomicLong runs = new java.util.concurrent.atomic.AtomicLong();
  private final String baseUrl;
  private final String apiKey;

  ClosedLoop(int port, String apiKey) {
    this.baseUrl = "http://localhost:" + port;
    this.apiKey = apiKey;
  }

  /** One GET; its body (never compressed). */
  String get(String pathAndQuery) throws IOException, InterruptedException {
    byte[] body = send(newClient(), request(pathAndQuery, ""));
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The status of one GET, whatever it is. */
  int status(String pathAndQuery) throws IOException, InterruptedException {
    return newClient().send(request(pathAndQuery), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** {@code requests} GETs of one path shared among {@code clients} clients. */
  Latencies run(String pathAndQuery, int clients, int requests) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<long[]>> results = new ArrayList<>();
      long start = System.nanoTime();
      for (int client = 0; client < clients; client++) {
        int share = requests / clients + (client < requests % clients ? 1 : 0);
        Supplier<HttpRequest> request = requests(pathAndQuery, client);
        results.add(pool.submit(() -> timedLoop(request, share)));
      }
      long[] all = collect(results);
      return Latencies.of(all, System.nanoTime() - start);
    } finally {
      pool.shutdownNow();
    }
  }

  /** GETs of one path by {@code clients} clients, each sending until {@code duration} is over. */
  Latencies runFor(String pathAndQuery, int clients, Duration duration) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<long[]>> results = new ArrayList<>();
      long start = System.nanoTime();
      long deadline = start + duration.toNanos();
      for (int client = 0; client < clients; client++) {
        Supplier<HttpRequest> request = requests(pathAndQuery, client);
        results.add(pool.submit(() -> timedLoopUntil(request, deadline)));
      }
      long[] all = collect(results);
      Latencies latencies = Latencies.of(all, System.nanoTime() - start);
      printSlowest();
      return latencies;
    } finally {
      pool.shutdownNow();
    }
  }

  private void printSlowest() {
    if (SLOWEST == 0) {
      return;
    }
    synchronized (slowest) {
      slowest.sort(Comparator.comparingLong(Slow::nanos).reversed());
      for (Slow slow : slowest.subList(0, Math.min(SLOWEST, slowest.size()))) {
        System.out.printf(Locale.ROOT, "BENCH slowest %.2f ms %s%n", slow.nanos() / 1e6, slow.uri());
      }
      slowest.clear();
    }
  }

  /** One request kept for {@link #printSlowest}. */
  private record Slow(long nanos, String uri) {}

  /**
   * {@link #runFor}, keeping when each request started ({@code System.nanoTime()}, the clock a
   * JVM's {@code -Xlog} {@code tn} decorator writes), to line requests up with pauses.
   */
  Recorded runRecorded(String pathAndQuery, int clients, Duration duration) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<long[]>> results = new ArrayList<>();
      long start = System.nanoTime();
      long deadline = start + duration.toNanos();
      for (int client = 0; client < clients; client++) {
        Supplier<HttpRequest> request = requests(pathAndQuery, client);
        results.add(pool.submit(() -> startsAndNanosUntil(request, deadline)));
      }
      long[] pairs = collect(results);
      long[] starts = new long[pairs.length / 2];
      long[] nanos = new long[pairs.length / 2];
      for (int i = 0; i < starts.length; i++) {
        starts[i] = pairs[2 * i];
        nanos[i] = pairs[2 * i + 1];
      }
      return new Recorded(starts, nanos, start, System.nanoTime());
    } finally {
      pool.shutdownNow();
    }
  }

  /** The requests of one recorded run: start and length of each, in the same order. */
  record Recorded(long[] startNanos, long[] nanos, long fromNanos, long toNanos) {
    Latencies latencies() {
      return Latencies.of(nanos, toNanos - fromNanos);
    }
  }

  private long[] startsAndNanosUntil(Supplier<HttpRequest> request, long deadlineNanos) throws Exception {
    HttpClient client = newClient();
    long[] pairs = new long[2048];
    int count = 0;
    for (long start = System.nanoTime(); start < deadlineNanos; start = System.nanoTime()) {
      send(client, request.get());
      if (count == pairs.length) {
        pairs = Arrays.copyOf(pairs, count * 2);
      }
      pairs[count++] = start;
      pairs[count++] = System.nanoTime() - start;
    }
    return Arrays.copyOf(pairs, count);
  }

  private long[] timedLoopUntil(Supplier<HttpRequest> request, long deadlineNanos) throws Exception {
    HttpClient client = newClient();
    long[] nanos = new long[1024];
    int count = 0;
    PriorityQueue<Slow> mine = new PriorityQueue<>(Comparator.comparingLong(Slow::nanos));
    for (long start = System.nanoTime(); start < deadlineNanos; start = System.nanoTime()) {
      HttpRequest next = request.get();
      send(client, next);
      if (count == nanos.length) {
        nanos = Arrays.copyOf(nanos, count * 2);
      }
      long took = System.nanoTime() - start;
      nanos[count++] = took;
      if (SLOWEST > 0 && (mine.size() < SLOWEST || took > mine.peek().nanos())) {
        mine.add(new Slow(took, next.uri().getRawQuery()));
        if (mine.size() > SLOWEST) {
          mine.poll();
        }
      }
    }
    slowest.addAll(mine);
    return Arrays.copyOf(nanos, count);
  }

  private long[] timedLoop(Supplier<HttpRequest> request, int count) throws Exception {
    HttpClient client = newClient();
    long[] nanos = new long[count];
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      send(client, request.get());
      nanos[i] = System.nanoTime() - start;
    }
    return nanos;
  }

  private static long[] collect(List<Future<long[]>> results) throws InterruptedException {
    long[] all = new long[0];
    for (Future<long[]> result : results) {
      try {
        long[] part = result.get();
        int next = all.length;
        all = Arrays.copyOf(all, next + part.length);
        System.arraycopy(part, 0, all, next, part.length);
      } catch (ExecutionException e) {
        throw new IllegalStateException("bench aborted: " + e.getCause().getMessage(), e.getCause());
      }
    }
    return all;
  }

  private static byte[] send(HttpClient client, HttpRequest request)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "GET " + request.uri() + " answered " + response.statusCode() + ": "
              + new String(response.body(), StandardCharsets.UTF_8));
    }
    return response.body();
  }

  /**
   * The requests client number {@code client} sends: all the same, unless the path holds {@code
   * {page:N}} or {@code {pick:a|b|...}} ({@link RequestTemplate}), which each request draws anew,
   * seeded by the client's number and the run's: a warm-up does not ask for the pages its row then
   * asks for, and two services run through the same rows are asked for the same requests.
   */
  private Supplier<HttpRequest> requests(String pathAndQuery, int client) {
    RequestTemplate template = new RequestTemplate(pathAndQuery);
    if (!template.varies()) {
      HttpRequest same = request(pathAndQuery);
      return () -> same;
    }
    Supplier<String> paths = template.draws(new Random(7919L * client + 104_729L * runs.incrementAndGet()));
    return () -> request(paths.get());
  }

  private HttpRequest request(String pathAndQuery) {
    return request(pathAndQuery, ACCEPT_ENCODING);
  }

  private HttpRequest request(String pathAndQuery, String acceptEncoding) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
            .timeout(TIMEOUT)
            .header("x-api-key", apiKey);
    if (!acceptEncoding.isEmpty()) {
      request.header("Accept-Encoding", acceptEncoding);
    }
    if (NEW_CONNECTIONS) {
      request.header("Connection", "close");
    }
    return request.GET().build();
  }

  private static HttpClient newClient() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
  }
}
