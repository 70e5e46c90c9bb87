package ai.buena.leads.bench;

import static org.awaitility.Awaitility.await;

import ai.buena.leads.projection.Names;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Freshness under load: publishes {@code LeadCreated} events for new leads at a fixed rate and,
 * for every n-th one, measures the time from Kafka's acknowledgement of the event to the first 200
 * answer of {@code GET /api/v2/leads/{id}}. Two pollers ask for the sampled leads round-robin, as
 * fast as the service answers; the resolution is therefore about one request per pending sample.
 * {@code -Dbench.freshness.retry.micros=N} makes a poller pause N µs after each sample not yet
 * visible: without it, a service that falls behind gets the most requests exactly then.
 */
final class FreshnessProbe {
  private static final int POLLERS = 2;
  private static final long IDLE_NANOS = 200_000;
  private static final long RETRY_NANOS = Long.getLong("bench.freshness.retry.micros", 0) * 1000;

  private final String bootstrapServers;
  private final ServiceApi api;
  private final String workspace;
  /** Names its leads and events {@code lead_fresh_<run>…}, so runs against one service differ. */
  private final String run;

  /**
   * What one run produced and saw; {@code unseen} samples never became visible in time; {@code
   * worstByWindow} the longest wait (ms) of the samples acknowledged in each {@link #WINDOW} of the
   * run, which tells a stall (a few windows) from a backlog (growing over the windows).
   */
  record Result(
      long produced, double eventsPerSecond, Latencies latencies, int unseen, long[] worstByWindow) {}

  /** The span of {@link Result#worstByWindow}'s windows. */
  static final Duration WINDOW = Duration.ofSeconds(5);

  private record Sample(String leadId, long ackedNanos) {}

  private record Seen(long ackedNanos, long waitedNanos) {}

  FreshnessProbe(String bootstrapServers, ServiceApi api, String workspace) {
    this(bootstrapServers, api, workspace, "");
  }

  FreshnessProbe(String bootstrapServers, ServiceApi api, String workspace, String run) {
    this.bootstrapServers = bootstrapServers;
    this.api = api;
    this.workspace = workspace;
    this.run = run;
  }

  /**
   * Publishes {@code eventsPerSecond} events for {@code duration}, samples every
   * {@code sampleEvery}-th, then waits up to {@code drain} for the last samples to become visible.
   */
  Result run(int eventsPerSecond, Duration duration, int sampleEvery, Duration drain) {
    Queue<Sample> pending = new ConcurrentLinkedQueue<>();
    Queue<Seen> visibleAfter = new ConcurrentLinkedQueue<>();
    AtomicInteger outstanding = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pollers = Executors.newFixedThreadPool(POLLERS);
    try {
      for (int i = 0; i < POLLERS; i++) {
        pollers.submit(() -> poll(pending, visibleAfter, outstanding, stop));
      }
      long start = System.nanoTime();
      long produced = produce(eventsPerSecond, duration, sampleEvery, pending, outstanding);
      long producing = System.nanoTime() - start;
      awaitDrained(outstanding, drain);
      stop.set(true);
      long[] nanos = visibleAfter.stream().mapToLong(Seen::waitedNanos).toArray();
      long[] worst = new long[(int) (producing / WINDOW.toNanos()) + 1];
      for (Seen seen : visibleAfter) {
        int window = (int) Math.min(worst.length - 1, Math.max(0, (seen.ackedNanos() - start) / WINDOW.toNanos()));
        worst[window] = Math.max(worst[window], seen.waitedNanos() / 1_000_000);
      }
      return new Result(
          produced, produced / (producing / 1e9), Latencies.of(nanos, producing), outstanding.get(), worst);
    } finally {
      stop.set(true);
      pollers.shutdownNow();
    }
  }

  private long produce(
      int eventsPerSecond, Duration duration, int sampleEvery, Queue<Sample> pending,
      AtomicInteger outstanding) {
    AtomicReference<Exception> failure = new AtomicReference<>();
    long intervalNanos = 1_000_000_000L / eventsPerSecond;
    long sent = 0;
    try (KafkaProducer<String, byte[]> producer = producer()) {
      long start = System.nanoTime();
      long end = start + duration.toNanos();
      for (long due = start; due < end; due += intervalNanos) {
        long ahead = due - System.nanoTime();
        if (ahead > 0) {
          LockSupport.parkNanos(ahead);
        }
        String leadId = String.format("lead_fresh_%s%08d", run, sent);
        boolean sampled = sent % sampleEvery == 0;
        producer.send(
            new ProducerRecord<>(Names.LEAD_EVENTS, leadId, created(leadId, sent)),
            (metadata, error) -> {
              if (error != null) {
                failure.compareAndSet(null, error);
              } else if (sampled) {
                outstanding.incrementAndGet();
                pending.add(new Sample(leadId, System.nanoTime()));
              }
            });
        sent++;
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("Kafka refused a freshness event", failure.get());
    }
    return sent;
  }

  private void poll(
      Queue<Sample> pending, Queue<Seen> visibleAfter, AtomicInteger outstanding, AtomicBoolean stop) {
    while (!stop.get()) {
      Sample sample = pending.poll();
      if (sample == null) {
        LockSupport.parkNanos(IDLE_NANOS);
      } else if (api.leadStatus(sample.leadId()) == 200) {
        visibleAfter.add(new Seen(sample.ackedNanos(), System.nanoTime() - sample.ackedNanos()));
        outstanding.decrementAndGet();
      } else {
        pending.add(sample);
        if (RETRY_NANOS > 0) {
          LockSupport.parkNanos(RETRY_NANOS);
        }
      }
    }
  }

  private static void awaitDrained(AtomicInteger outstanding, Duration drain) {
    try {
      await().atMost(drain).pollInterval(Duration.ofMillis(50)).until(() -> outstanding.get() == 0);
    } catch (ConditionTimeoutException e) {
      // reported as unseen samples
    }
  }

  private byte[] created(String leadId, long n) {
    String json =
        String.format(
            "{\"eventId\":\"evt_fresh_%s%08d\",\"type\":\"LeadCreated\",\"leadId\":\"%s\","
                + "\"workspaceId\":\"%s\",\"occurredAt\":\"%s\",\"data\":{\"firstName\":\"Fresh\","
                + "\"lastName\":\"Lead%d\",\"email\":\"fresh%d@example.com\",\"company\":\"Freshness Inc\","
                + "\"title\":\"Engineer\",\"source\":\"api\"}}",
            run, n, leadId, workspace, Instant.now(), n, n);
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** As {@code EventPublisher}'s (idempotent, acks=all), with a shorter linger for a paced flow. */
  private KafkaProducer<String, byte[]> producer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "million-bench-freshness");
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }
}
