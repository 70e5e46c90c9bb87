package ai.buena.leads.runtime;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;

/** Admin clients for unit tests: one method answers, closes are recorded, any other call fails. */
final class AdminStub {
  private AdminStub() {}

  /**
   * An admin client whose {@code method} returns what {@code answer} gives (or throws what it
   * throws); each close adds its timeout to {@code closes} (null for {@code close()}).
   */
  static Admin answering(String method, Supplier<?> answer, List<Duration> closes) {
    return (Admin)
        Proxy.newProxyInstance(
            Admin.class.getClassLoader(),
            new Class<?>[] {Admin.class},
            (proxy, called, args) -> {
              if (called.getName().equals("close")) {
                closes.add(args == null ? null : (Duration) args[0]);
                return null;
              }
              if (called.getName().equals(method)) {
                return answer.get();
              }
              throw new UnsupportedOperationException(called.getName());
            });
  }
}
