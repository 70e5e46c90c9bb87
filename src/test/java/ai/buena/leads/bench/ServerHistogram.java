package ai.buena.leads.bench;

import java.util.Map;
import java.util.TreeMap;

/**
 * One of the service's own histograms, by default its latency of {@code GET /api/v2/leads}
 * answered 200 ({@code http_server_requests_seconds_bucket}): the time Javalin spent on a request,
 * from routing to the answer written, without Jetty's queue, the network or the client. The
 * difference of two scrapes is one benchmark row's histogram.
 */
record ServerHistogram(TreeMap<Double, Double> cumulativeByUpperSeconds) {
  private static final String REQUESTS = "http_server_requests_seconds_bucket";
  private static final String[] LEADS_ANSWERED = {"route=\"/api/v2/leads\"", "status=\"200\"", "method=\"GET\""};

  static ServerHistogram of(PrometheusText metrics) {
    return of(metrics, REQUESTS, LEADS_ANSWERED);
  }

  /** The histogram whose buckets are {@code bucketMetric}'s samples with all of {@code labels}. */
  static ServerHistogram of(PrometheusText metrics, String bucketMetric, String... labels) {
    TreeMap<Double, Double> buckets = new TreeMap<>();
    metrics.byLabel(bucketMetric, "le", labels).forEach((bound, count) ->
        buckets.put(bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound), count));
    return new ServerHistogram(buckets);
  }

  /** This histogram less an earlier one of the same service. */
  ServerHistogram minus(ServerHistogram earlier) {
    TreeMap<Double, Double> diff = new TreeMap<>();
    for (Map.Entry<Double, Double> bucket : cumulativeByUpperSeconds.entrySet()) {
      diff.put(
          bucket.getKey(),
          bucket.getValue() - earlier.cumulativeByUpperSeconds.getOrDefault(bucket.getKey(), 0.0));
    }
    return new ServerHistogram(diff);
  }

  double count() {
    return cumulativeByUpperSeconds.isEmpty() ? 0 : cumulativeByUpperSeconds.lastEntry().getValue();
  }

  /** The upper bound, in milliseconds, of the bucket that holds the {@code percentile}-th request. */
  double percentileUpperMillis(double percentile) {
    double wanted = Math.ceil(percentile / 100.0 * count());
    for (Map.Entry<Double, Double> bucket : cumulativeByUpperSeconds.entrySet()) {
      if (bucket.getValue() >= wanted) {
        return bucket.getKey() * 1e3;
      }
    }
    return Double.NaN;
  }
}
