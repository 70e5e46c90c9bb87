package ai.buena.leads.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports checked free before a start joins or starts anything. */
final class HttpPort {
  private HttpPort() {}

  /**
   * Throws when {@code port} (on every interface, as the HTTP server binds it) is taken; port 0
   * (any free one) always passes. The port is released again at once, so a process that takes it
   * in the moment before the HTTP server binds still makes the start fail, only later.
   */
  static void requireFree(int port) {
    requireFree(
        port,
        null,
        "HTTP port " + port + " is already in use (another instance or process): give this one its own --port");
  }

  /** As {@link #requireFree(int)} for the port {@code dev}'s broker binds on the loopback address. */
  static void requireFreeForKafka(int port) {
    requireFree(
        port,
        InetAddress.getLoopbackAddress(),
        "Kafka port " + port + " is already in use (another dev or process): give this one its own --kafka-port");
  }

  /** @param address the address to bind, null for every interface */
  private static void requireFree(int port, InetAddress address, String inUse) {
    if (port == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket(port, 1, address)) {
      // free
    } catch (IOException e) {
      throw new CommandFailure(Main.BAD_USAGE, inUse);
    }
  }
}
