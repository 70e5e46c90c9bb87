package ai.buena.leads.runtime.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka cluster (KRaft broker and controller in one) running inside this JVM,
 * keeping its log under one directory so that a restart on the same directory keeps the data.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final String HOST = "localhost";
  private static final int NODE_ID = 1;

  private final KafkaRaftServer server;
  private final Path logDir;
  private final int port;
  private final String clusterId;
  private final Map<String, Integer> extraPorts;
  private boolean closed;

  private EmbeddedKafkaBroker(
      KafkaRaftServer server,
      Path logDir,
      int port,
      String clusterId,
      Map<String, Integer> extraPorts) {
    this.server = server;
    this.logDir = logDir;
    this.port = port;
    this.clusterId = clusterId;
    this.extraPorts = Map.copyOf(extraPorts);
  }

  /**
   * One more client listener, e.g. {@code SASL_SSL} for tests of secured clients; the broker still
   * talks to itself over PLAINTEXT.
   *
   * @param name the listener's name, e.g. {@code SECURED}
   * @param securityProtocol {@code SSL}, {@code SASL_PLAINTEXT} or {@code SASL_SSL}
   * @param brokerSettings broker properties, e.g. {@code listener.name.secured.ssl.keystore.location}
   */
  public record Listener(String name, String securityProtocol, Map<String, String> brokerSettings) {
    public Listener {
      if (!name.matches("[A-Z][A-Z0-9_]*") || name.equals("PLAINTEXT") || name.equals("CONTROLLER")) {
        throw new IllegalArgumentException("listener name must be upper case, not PLAINTEXT or CONTROLLER");
      }
      brokerSettings = Map.copyOf(brokerSettings);
    }
  }

  /**
   * Starts the broker, formatting {@code logDir} first if it holds no Kafka log yet.
   *
   * @param port the client port, or 0 for a free one
   */
  public static EmbeddedKafkaBroker start(Path logDir, int port) {
    return start(logDir, port, List.of());
  }

  /** Like {@link #start(Path, int)}, with more client listeners, each on a free port. */
  public static EmbeddedKafkaBroker start(Path logDir, int port, List<Listener> extraListeners) {
    Path dir = logDir.toAbsolutePath();
    // Held open together, so no two of the listeners get the same port.
    List<Integer> free = freePorts(2 + extraListeners.size());
    int clientPort = port == 0 ? free.get(0) : requireFree(port);
    Properties props = serverProperties(dir, clientPort, free.get(1));
    Map<String, Integer> extraPorts = new LinkedHashMap<>();
    for (int i = 0; i < extraListeners.size(); i++) {
      Listener listener = extraListeners.get(i);
      int listenerPort = free.get(2 + i);
      extraPorts.put(listener.name(), listenerPort);
      String address = listener.name() + "://" + HOST + ":" + listenerPort;
      append(props, "listeners", address);
      append(props, "advertised.listeners", address);
      append(props, "listener.security.protocol.map", listener.name() + ":" + listener.securityProtocol());
      props.putAll(listener.brokerSettings());
    }
    String clusterId = formatIfNeeded(dir, props);

    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      shutDown(server);
      throw new IllegalStateException(
          "Kafka broker on port " + clientPort + " with log dir " + dir + " did not start", e);
    }
    EmbeddedKafkaBroker broker =
        new EmbeddedKafkaBroker(server, dir, clientPort, clusterId, extraPorts);
    log.info("Kafka broker started at {} (log dir {})", broker.bootstrapServers(), dir);
    return broker;
  }

  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  /** The address of a listener given to {@link #start(Path, int, List)}. */
  public String bootstrapServers(String listenerName) {
    Integer listenerPort = extraPorts.get(listenerName);
    if (listenerPort == null) {
      throw new IllegalArgumentException("no listener " + listenerName);
    }
    return HOST + ":" + listenerPort;
  }

  public int port() {
    return port;
  }

  public int brokerCount() {
    return 1;
  }

  public Path logDir() {
    return logDir;
  }

  public String clusterId() {
    return clusterId;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    shutDown(server);
  }

  private static void shutDown(KafkaRaftServer server) {
    server.shutdown();
    server.awaitShutdown();
  }

  private static void append(Properties props, String key, String value) {
    props.put(key, props.getProperty(key) + "," + value);
  }

  private static Properties serverProperties(Path logDir, int clientPort, int controllerPort) {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put(
        "listeners",
        "PLAINTEXT://" + HOST + ":" + clientPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort);
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("log.dirs", logDir.toString());
    props.put("num.partitions", "1");
    props.put("default.replication.factor", "1");
    props.put("auto.create.topics.enable", "false");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "6");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "6");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    return props;
  }

  /** Formats {@code logDir} unless it already holds a Kafka log, and returns its cluster id. */
  private static String formatIfNeeded(Path logDir, Properties props) {
    Path metaProperties = logDir.resolve("meta.properties");
    if (Files.exists(metaProperties)) {
      return readClusterId(metaProperties);
    }
    String clusterId = Uuid.randomUuid().toString();
    try {
      Files.createDirectories(logDir);
      Path configFile = Files.createTempFile("embedded-kafka", ".properties");
      try {
        try (OutputStream out = Files.newOutputStream(configFile)) {
          props.store(out, null);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream stream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
          exitCode =
              StorageTool.execute(
                  new String[] {"format", "-t", clusterId, "-c", configFile.toString()}, stream);
        }
        if (exitCode != 0) {
          throw new IllegalStateException(
              "Formatting Kafka log dir "
                  + logDir
                  + " failed: "
                  + output.toString(StandardCharsets.UTF_8));
        }
      } finally {
        Files.deleteIfExists(configFile);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not prepare Kafka log dir " + logDir, e);
    }
    return clusterId;
  }

  private static String readClusterId(Path metaProperties) {
    Properties meta = new Properties();
    try (InputStream in = Files.newInputStream(metaProperties)) {
      meta.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + metaProperties, e);
    }
    return meta.getProperty("cluster.id");
  }

  private static int requireFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
      return port;
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot start the Kafka broker: port " + port + " on " + HOST + " is already in use", e);
    }
  }

  /** {@code count} distinct ports free now (each socket stays open until all are chosen). */
  private static List<Integer> freePorts(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getByName(HOST)));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not find " + count + " free ports on " + HOST, e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          log.debug("could not close a port probe", e);
        }
      }
    }
  }
}
