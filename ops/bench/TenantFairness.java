import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one tenant's clients get while two others send costly queries back to back
 * (ops/bench/tenant-fairness.sh). Each client is a thread with its own connection that sends its
 * request again as soon as the answer is read, for a warm-up and then a measured time; per tenant
 * it prints the answers by status and the 200s' latencies. Only the JDK is needed.
 *
 * <p>Usage: java ops/bench/TenantFairness.java URL SECONDS WARMUP_SECONDS NAME:KEY:CLIENTS:PATH ...
 * With {@code CONNECTION_CLOSE=1} in the environment every request says {@code Connection: close},
 * so each is sent on a new connection.
 */
public class TenantFairness {
  static final boolean CONNECTION_CLOSE = "1".equals(System.getenv("CONNECTION_CLOSE"));

  public static void main(String[] args) throws Exception {
    if (CONNECTION_CLOSE) {
      System.setProperty("jdk.httpclient.allowRestrictedHeaders", "connection");
    }
    String url = args[0];
    long seconds = Long.parseLong(args[1]);
    long warmup = Long.parseLong(args[2]);
    List<Tenant> tenants = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      String[] parts = args[i].split(":", 4);
      tenants.add(new Tenant(parts[0], parts[1], Integer.parseInt(parts[2]), url + parts[3]));
    }
    AtomicBoolean measuring = new AtomicBoolean(false);
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> threads = new ArrayList<>();
    for (Tenant tenant : tenants) {
      for (int c = 0; c < tenant.clients; c++) {
        Thread thread = new Thread(() -> tenant.run(running, measuring), tenant.name + "-" + c);
        thread.start();
        threads.add(thread);
      }
    }
    Thread.sleep(warmup * 1000);
    measuring.set(true);
    Thread.sleep(seconds * 1000);
    measuring.set(false);
    running.set(false);
    for (Thread thread : threads) {
      thread.join();
    }
    for (Tenant tenant : tenants) {
      System.out.println(tenant.report(seconds));
    }
  }

  static final class Tenant {
    final String name;
    final String key;
    final int clients;
    final String url;
    int ok;
    int shed;
    int other;
    int failed;
    final List<Long> micros = new ArrayList<>();

    Tenant(String name, String key, int clients, String url) {
      this.name = name;
      this.key = key;
      this.clients = clients;
      this.url = url;
    }

    void run(AtomicBoolean running, AtomicBoolean measuring) {
      HttpClient client =
          HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(URI.create(url)).header("x-api-key", key).timeout(Duration.ofSeconds(30));
      if (CONNECTION_CLOSE) {
        builder.header("Connection", "close");
      }
      HttpRequest request = builder.build();
      while (running.get()) {
        long start = System.nanoTime();
        int status;
        try {
          status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
          status = -1;
        }
        long took = (System.nanoTime() - start) / 1000;
        if (measuring.get()) {
          count(status, took);
        }
      }
    }

    synchronized void count(int status, long took) {
      if (status == 200) {
        ok++;
        micros.add(took);
      } else if (status == 503) {
        shed++;
      } else if (status == -1) {
        failed++;
      } else {
        other++;
      }
    }

    synchronized String report(long seconds) {
      long[] sorted = micros.stream().mapToLong(Long::longValue).toArray();
      Arrays.sort(sorted);
      int all = ok + shed + other + failed;
      return String.format(
          "BENCH tenant=%s clients=%d requests=%d ok=%d shed503=%d other=%d failed=%d shed_share=%.1f%%"
              + " ok_per_s=%.1f p50_ms=%.2f p99_ms=%.2f",
          name, clients, all, ok, shed, other, failed, all == 0 ? 0.0 : 100.0 * shed / all,
          ok / (double) seconds, percentile(sorted, 0.50), percentile(sorted, 0.99));
    }

    private static double percentile(long[] sorted, double p) {
      if (sorted.length == 0) {
        return Double.NaN;
      }
      return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1000.0;
    }
  }
}
