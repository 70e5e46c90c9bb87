package ai.buena.leads.runtime;

import java.io.IOException;
import java.net.ServerSocket;

/** The HTTP port, checked free before the start joins anything. */
final class HttpPort {
  private HttpPort() {}

  /**
   * Throws when {@code port} (on every interface, as the HTTP server binds it) is taken; port 0
   * (any free one) always passes. The port is released again at once, so a process that takes it
   * in the moment before the HTTP server binds still makes the start fail, only later.
   */
  static void requireFree(int port) {
    if (port == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket(port)) {
      // free
    } catch (IOException e) {
      throw new CommandFailure(
          Main.BAD_USAGE,
          "HTTP port "
              + port
              + " is already in use (another instance or process): give this one its own --port");
    }
  }
}
