package ai.buena.leads.http;

import ai.buena.leads.query.LeadMemory;
import ai.buena.leads.threads.DaemonThreads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * GET calls to the other instances, each a blocking {@link HttpURLConnection} on a thread of its
 * own pool, its connection kept alive for the next call: measured at a fraction of the CPU of the
 * JDK's {@code HttpClient} per call (docs/benchmarks.md), whose selector thread and chains of
 * asynchronous stages cost more than a small request on a local network. Threads are made as calls
 * need them and end after a minute idle; how many calls run at once is bounded by the requests the
 * server admits ({@code LoadShedding}). A call that gets no HTTP answer (connection refused or
 * broken, no answer within its timeout) fails with its {@link IOException} as the cause.
 */
final class PeerCalls {
  /** Idle connections kept per instance (the JDK's default is 5): one per concurrent call. */
  private static final String MAX_CONNECTIONS = "64";
  private static final int CHUNK = 8 * 1024;
  private static final long LARGEST_PRESIZE = 1 << 20;

  static {
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", MAX_CONNECTIONS);
    }
  }

  private final ExecutorService threads;

  PeerCalls() {
    threads =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            DaemonThreads.numbered("peer-call-"));
  }

  /** An answer: its status, one header's value by name, its body. */
  interface Answer {
    int status();

    Optional<String> header(String name);

    byte[] body();
  }

  /**
   * A GET of {@code uri} with one request header, failing after {@code timeout} without an answer.
   * The answer's body is charged, as it arrives, to the {@link LeadMemory.Hold} of the request the
   * calling thread answers.
   */
  CompletableFuture<Answer> get(URI uri, String headerName, String headerValue, Duration timeout) {
    LeadMemory.Hold memory = LeadMemory.current();
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return call(uri, headerName, headerValue, timeout, memory);
          } catch (IOException e) {
            throw new CompletionException(e);
          }
        },
        threads);
  }

  private static Answer call(
      URI uri, String headerName, String headerValue, Duration timeout, LeadMemory.Hold memory)
      throws IOException {
    // straight to the peer: never through a JVM-wide proxy, never after a redirect (either would
    // take the cluster secret elsewhere); a 3xx is an answer like any other non-200
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
    connection.setInstanceFollowRedirects(false);
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    connection.setConnectTimeout(millis);
    connection.setReadTimeout(millis);
    connection.setUseCaches(false);
    connection.setRequestProperty(headerName, headerValue);
    int status = connection.getResponseCode();
    // the whole body is read (and the stream closed) so that the connection is kept for reuse
    InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
    byte[] body;
    if (stream == null) {
      body = new byte[0];
    } else {
      try (InputStream in = stream) {
        body = readCharged(in, connection.getContentLengthLong(), memory);
      }
    }
    return new Received(status, connection, body);
  }

  /**
   * The whole body, each chunk charged before it is kept: twice, as a body is held twice at its
   * peak (the chunks read, and the one array they become).
   */
  private static byte[] readCharged(InputStream in, long length, LeadMemory.Hold memory)
      throws IOException {
    ByteArrayOutputStream body =
        new ByteArrayOutputStream(length >= 0 && length <= LARGEST_PRESIZE ? (int) length : CHUNK);
    byte[] chunk = new byte[CHUNK];
    for (int read; (read = in.read(chunk)) != -1; ) {
      memory.take(2L * read);
      body.write(chunk, 0, read);
    }
    return body.toByteArray();
  }

  private record Received(int status, HttpURLConnection connection, byte[] body) implements Answer {
    @Override
    public Optional<String> header(String name) {
      return Optional.ofNullable(connection.getHeaderField(name));
    }
  }
}
