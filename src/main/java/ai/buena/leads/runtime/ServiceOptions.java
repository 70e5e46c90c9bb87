package ai.buena.leads.runtime;

import ai.buena.leads.clients.KafkaClientConfig;
import ai.buena.leads.http.RateLimits;
import ai.buena.leads.projection.TopicNames;
import ai.buena.leads.http.ServerOptions;
import ai.buena.leads.projection.InputPartitioning;
import ai.buena.leads.query.StandbyBound;
import ai.buena.leads.runtime.topics.TopicDeclarations;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The flags shared by {@code dev} and {@code serve}; each falls back to its environment variable. */
public final class ServiceOptions {
  static final int MAX_PARTITIONS = 1024;

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "${env:HTTP_PORT:-8080}",
      description = "HTTP API port (env HTTP_PORT, default 8080).")
  int port;

  @Option(
      names = "--data-dir",
      defaultValue = "${env:DATA_DIR:-./data}",
      description = "State stores (and the dev broker's log) (env DATA_DIR, default ./data).")
  Path dataDir;

  @Option(
      names = "--application-id",
      defaultValue = "${env:APPLICATION_ID:-lead-projection}",
      description = "Kafka Streams application id (env APPLICATION_ID, default lead-projection).")
  String applicationId;

  @Option(
      names = "--advertised-url",
      defaultValue = "${env:ADVERTISED_URL}",
      description = "How other instances reach this one (env ADVERTISED_URL, default http://localhost:<port>).")
  String advertisedUrl;

  @Option(
      names = "--cluster-secret",
      defaultValue = "${env:CLUSTER_SECRET}",
      description = "Secret shared by the instances of one cluster (env CLUSTER_SECRET).")
  String clusterSecret;

  @Option(
      names = "--processing-guarantee",
      defaultValue = "${env:PROCESSING_GUARANTEE:-exactly_once_v2}",
      description = "exactly_once_v2 or at_least_once (env PROCESSING_GUARANTEE, default exactly_once_v2).")
  String processingGuarantee;

  @Option(
      names = "--stream-threads",
      defaultValue = "${env:STREAM_THREADS:-2}",
      description = "Kafka Streams threads (env STREAM_THREADS, default 2).")
  int streamThreads;

  @Option(
      names = "--dedupe-window",
      defaultValue = "${env:DEDUPE_WINDOW:-P7D}",
      description = "How long a re-sent event id is recognised, ISO-8601 duration (env DEDUPE_WINDOW, default P7D).")
  String dedupeWindow;

  @Option(
      names = "--ready-max-lag",
      defaultValue = "${env:READY_MAX_LAG:-1000}",
      description = "Largest store restore lag (records) at which /health/ready still says ready (env READY_MAX_LAG, default 1000).")
  long readyMaxLag;

  @Option(
      names = "--max-staleness",
      defaultValue = "${env:MAX_STALENESS:-1000}",
      description = "When a partition's active cannot answer, answer it from a standby copy at most this many changelog records behind, labelled X-Lead-Data-Staleness; 0: never, answer 503 (env MAX_STALENESS, default 1000).")
  long maxStaleness;

  @Option(
      names = "--min-free-disk",
      defaultValue = "${env:MIN_FREE_DISK:-auto}",
      description = "Free space kept on the data directory's volume: below it the projection pauses (queries are answered from the stores as they stand) and resumes at half as much again; auto: the smaller of 1GiB and a tenth of the volume, 0: never pause, else e.g. 512MiB or 2GiB (env MIN_FREE_DISK, default auto).")
  String minFreeDisk;

  @Option(
      names = "--max-in-flight",
      defaultValue = "${env:MAX_IN_FLIGHT}",
      description = "API requests served at once; more wait for --admission-wait, then are answered 503 (env MAX_IN_FLIGHT, default 4 per processor, at least 8).")
  Integer maxInFlight;

  @Option(
      names = "--admission-wait",
      defaultValue = "${env:ADMISSION_WAIT:-PT1S}",
      description = "How long an API request with a live key beyond its workspace's share or the in-flight limit waits for a permit before it is answered 503; PT0S: 503 at once (env ADMISSION_WAIT, ISO-8601, default PT1S, at most PT10S).")
  String admissionWait;

  @Option(
      names = "--lead-memory-mb",
      defaultValue = "${env:LEAD_MEMORY_MB}",
      description = "MiB of stored leads the requests being answered may hold at once, charged as they are read; a request that would exceed it is answered 503 (retry after 1 s), unless it holds all that is held; 0: no bound (env LEAD_MEMORY_MB, default three eighths of the heap).")
  Long leadMemoryMb;

  @Option(
      names = "--rate-limits",
      defaultValue = "${env:RATE_LIMITS}",
      description = "Per-key limits: off, buena (60/minute, 1000/hour, 10000/day) or M/H/D, e.g. 120/2000/20000 (env RATE_LIMITS; default: off in dev, buena in serve).")
  String rateLimits;

  @Option(
      names = "--rate-limit-instances",
      defaultValue = "${env:RATE_LIMIT_INSTANCES:-1}",
      description = "Divides each key's limits by N; the instances share their counts, so leave at 1 unless they cannot reach each other's internal routes (env RATE_LIMIT_INSTANCES, default 1).")
  int rateLimitInstances;

  @Option(
      names = "--input-partitioning",
      defaultValue = "${env:INPUT_PARTITIONING:-any}",
      description = "any: an event on another partition than Java's default partitioner gives its leadId is moved to its lead's partition first, so producers with any partitioner (librdkafka's CRC32 as much as Java's murmur2) are applied; checked: such events are dead-lettered WRONG_PARTITION (env INPUT_PARTITIONING, default any).")
  String inputPartitioning;

  @Option(
      names = "--instance-name",
      defaultValue = "${env:INSTANCE_NAME}",
      description = "This instance's static member name in the Kafka Streams group (group.instance.id): a restart within --session-timeout moves no partition; must be unique in the cluster, a duplicate stops the older instance. none: a dynamic member (env INSTANCE_NAME, default <host name>-<port>, e.g. the StatefulSet pod name).")
  String instanceName;

  @Option(
      names = "--session-timeout",
      defaultValue = "${env:SESSION_TIMEOUT:-PT30S}",
      description = "How long the group waits for an instance that stopped (a restart, or a crash) before moving its partitions, ISO-8601, 6 s to 30 min (env SESSION_TIMEOUT, default PT30S; PT10S for a dynamic member).")
  String sessionTimeout;

  @Option(
      names = "--leave-group-on-stop",
      defaultValue = "${env:LEAVE_GROUP_ON_STOP:-false}",
      description = "On SIGTERM, hand the partitions to the other instances at once instead of keeping them for a restart; for a scale-down (env LEAVE_GROUP_ON_STOP, default false; a dynamic member always leaves).")
  boolean leaveGroupOnStop;

  @Option(
      names = "--partitions",
      defaultValue = "${env:PARTITIONS}",
      description = "Partitions of lead-events and the other per-lead topics when this service creates them; an existing lead-events must have as many. Decide before the first start: changing it later means re-keying every event (env PARTITIONS, default 6, as topics/topics.yaml; sizing in ops/runbook.md).")
  Integer partitions;

  @Option(
      names = "--drain-period",
      defaultValue = "${env:DRAIN_PERIOD:-PT5S}",
      description = "After SIGTERM: /health/ready answers 503 while requests are still answered, for this long, before the HTTP server stops taking requests and Kafka Streams closes; ISO-8601, PT0S for none (env DRAIN_PERIOD, default PT5S).")
  String drainPeriod;

  /** {@code topics/topics.yaml} as this service creates and checks it: names and partitions. */
  TopicDeclarations declaredTopics(TopicNames names) {
    if (partitions != null && (partitions < 1 || partitions > MAX_PARTITIONS)) {
      throw new ParameterException(
          spec.commandLine(), "--partitions must be between 1 and " + MAX_PARTITIONS);
    }
    return Topics.declared(names, partitions);
  }

  private Lifecycle parseLifecycle() {
    Duration drain = parseDuration("--drain-period", drainPeriod);
    if (drain.isNegative() || drain.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new ParameterException(spec.commandLine(), "--drain-period must be between PT0S and PT5M");
    }
    String name =
        instanceName == null || instanceName.isBlank()
            ? Lifecycle.defaultInstanceName(hostName(), port)
            : instanceName.trim();
    if (name.equals("none")) {
      return new Lifecycle(Optional.empty(), Duration.ofSeconds(10), true, drain);
    }
    if (!name.matches("[A-Za-z0-9._-]{1,200}")) {
      throw new ParameterException(
          spec.commandLine(), "--instance-name must be 1 to 200 characters of [A-Za-z0-9._-], or none");
    }
    Duration session = parseDuration("--session-timeout", sessionTimeout);
    if (session.compareTo(Duration.ofSeconds(6)) < 0 || session.compareTo(Duration.ofMinutes(30)) > 0) {
      // The broker's group.min.session.timeout.ms and group.max.session.timeout.ms defaults.
      throw new ParameterException(spec.commandLine(), "--session-timeout must be between PT6S and PT30M");
    }
    return new Lifecycle(Optional.of(name), session, leaveGroupOnStop, drain);
  }

  /** The pod name in Kubernetes (HOSTNAME), else the machine's name. */
  private static String hostName() {
    String fromEnvironment = System.getenv("HOSTNAME");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment.trim();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  private Duration parseDuration(String flag, String value) {
    try {
      return Duration.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new ParameterException(
          spec.commandLine(), flag + " must be an ISO-8601 duration such as PT5S");
    }
  }

  private InputPartitioning parseInputPartitioning() {
    try {
      return InputPartitioning.fromWire(inputPartitioning.trim());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--input-partitioning " + e.getMessage());
    }
  }

  /** HTTP options; {@code defaultLimits} applies when --rate-limits is not given. */
  ServerOptions toServerOptions(String defaultLimits) {
    if (maxInFlight != null && maxInFlight < 1) {
      throw new ParameterException(spec.commandLine(), "--max-in-flight must be at least 1");
    }
    if (rateLimitInstances < 1) {
      throw new ParameterException(spec.commandLine(), "--rate-limit-instances must be at least 1");
    }
    if (leadMemoryMb != null && leadMemoryMb < 0) {
      throw new ParameterException(spec.commandLine(), "--lead-memory-mb must be at least 0");
    }
    String limits = rateLimits == null || rateLimits.isBlank() ? defaultLimits : rateLimits.trim();
    RateLimits parsed;
    if (limits.equals("off")) {
      parsed = RateLimits.off();
    } else if (limits.equals("buena")) {
      parsed = RateLimits.buena();
    } else if (limits.matches("\\d{1,9}/\\d{1,9}/\\d{1,9}")) {
      String[] parts = limits.split("/");
      try {
        parsed =
            RateLimits.of(
                Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--rate-limits: " + e.getMessage());
      }
    } else {
      throw new ParameterException(
          spec.commandLine(), "--rate-limits must be off, buena or perMinute/perHour/perDay");
    }
    if (parsed.enabled()) {
      parsed = parsed.forInstances(rateLimitInstances);
    }
    Duration wait = parseDuration("--admission-wait", admissionWait);
    if (wait.isNegative() || wait.compareTo(ServerOptions.MAX_ADMISSION_WAIT) > 0) {
      throw new ParameterException(
          spec.commandLine(), "--admission-wait must be between PT0S and " + ServerOptions.MAX_ADMISSION_WAIT);
    }
    ServerOptions options =
        ServerOptions.defaults().withRateLimits(parsed).withAdmissionWait(wait);
    if (leadMemoryMb != null) {
      options = options.withLeadMemory(leadMemoryMb << 20);
    }
    return maxInFlight == null ? options : options.withMaxInFlight(maxInFlight);
  }

  /**
   * Refuses a bad value of these options as {@link #toConfig} and {@link #toServerOptions} do:
   * for {@code dev}, which starts a broker and writes its data directory before it builds them.
   */
  void check(String defaultLimits) {
    checkedAdvertisedUrl();
    parseWindow();
    parseInputPartitioning();
    parseLifecycle();
    parseMinFreeDisk();
    toServerOptions(defaultLimits);
  }

  /** The advertised URL, after every single-value check of {@link #toConfig}. */
  private String checkedAdvertisedUrl() {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535");
    }
    if (!applicationId.matches("[A-Za-z0-9._-]{1,200}")) {
      throw new ParameterException(
          spec.commandLine(), "--application-id must be 1 to 200 characters of [A-Za-z0-9._-]");
    }
    if (!processingGuarantee.equals("exactly_once_v2") && !processingGuarantee.equals("at_least_once")) {
      throw new ParameterException(
          spec.commandLine(), "--processing-guarantee must be exactly_once_v2 or at_least_once");
    }
    if (streamThreads < 1 || streamThreads > 64) {
      throw new ParameterException(spec.commandLine(), "--stream-threads must be between 1 and 64");
    }
    if (readyMaxLag < 0) {
      throw new ParameterException(spec.commandLine(), "--ready-max-lag must be at least 0");
    }
    if (maxStaleness < 0) {
      throw new ParameterException(
          spec.commandLine(), "--max-staleness must be at least 0 (0 turns standby answers off)");
    }
    String advertised =
        advertisedUrl == null || advertisedUrl.isBlank() ? "http://localhost:" + port : advertisedUrl;
    // instances call each other over plain HTTP (docs/security.md): an https URL would be dropped
    if (!advertised.matches("http://[^/:]+:\\d+/?")) {
      throw new ParameterException(
          spec.commandLine(),
          "--advertised-url must look like http://host:port (instances call each other over plain"
              + " HTTP; put TLS between them at the network level)");
    }
    return advertised;
  }

  AppConfig toConfig(
      KafkaClientConfig kafka,
      TopicNames topics,
      int replicationFactor,
      int standbyReplicas,
      String secret) {
    String advertised = checkedAdvertisedUrl();
    return new AppConfig(
        kafka.bootstrapServers(),
        port,
        dataDir.toAbsolutePath().normalize(),
        applicationId,
        advertised.replaceAll("/$", ""),
        secret,
        processingGuarantee,
        streamThreads,
        replicationFactor,
        standbyReplicas,
        parseWindow(),
        readyMaxLag,
        kafka,
        topics,
        parseInputPartitioning(),
        new StandbyBound(maxStaleness),
        parseLifecycle(),
        parseMinFreeDisk());
  }

  private DiskReserve parseMinFreeDisk() {
    try {
      return DiskReserve.parse(minFreeDisk);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--min-free-disk " + e.getMessage());
    }
  }

  private Duration parseWindow() {
    try {
      Duration window = Duration.parse(dedupeWindow);
      if (window.isNegative() || window.isZero()) {
        throw new ParameterException(spec.commandLine(), "--dedupe-window must be positive");
      }
      return window;
    } catch (DateTimeParseException e) {
      throw new ParameterException(
          spec.commandLine(), "--dedupe-window must be an ISO-8601 duration such as P7D or PT12H");
    }
  }
}
