package ai.buena.leads.threads;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for the service's background work: daemon threads (they never keep the JVM up
 * after {@code serve} returns), named so that a thread dump says whose they are.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** Daemon threads named {@code name}. */
  public static ThreadFactory named(String name) {
    return work -> daemon(work, name);
  }

  /** Daemon threads named {@code prefix} followed by 1, 2, 3, ... */
  public static ThreadFactory numbered(String prefix) {
    AtomicInteger created = new AtomicInteger();
    return work -> daemon(work, prefix + created.incrementAndGet());
  }

  /** A single daemon thread named {@code name} that runs scheduled work. */
  public static ScheduledExecutorService scheduler(String name) {
    return Executors.newSingleThreadScheduledExecutor(named(name));
  }

  private static Thread daemon(Runnable work, String name) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    return thread;
  }
}
