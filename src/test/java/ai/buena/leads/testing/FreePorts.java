package ai.buena.leads.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ports free on this machine right now, for servers whose address must be known before they start
 * (an instance advertises its own URL to the others). Another process may take one in between:
 * tests use them at once. A port is handed out once per JVM: the servers bind theirs only seconds
 * later, so a later call must not get the same one.
 */
public final class FreePorts {
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private FreePorts() {}

  /** {@code count} distinct ports that were free a moment ago and not handed out before. */
  public static List<Integer> take(int count) {
    Set<Integer> ports = new LinkedHashSet<>();
    List<ServerSocket> held = new java.util.ArrayList<>();
    try {
      // Hold every socket until all are chosen, so that the same port is not handed out twice.
      while (ports.size() < count) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        socket.setReuseAddress(true);
        held.add(socket);
        if (HANDED_OUT.add(socket.getLocalPort())) {
          ports.add(socket.getLocalPort());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      held.forEach(FreePorts::closeQuietly);
    }
    return List.copyOf(ports);
  }

  private static void closeQuietly(ServerSocket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // a socket that fails to close still told us its port
    }
  }
}
