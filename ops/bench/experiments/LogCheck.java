// What one isTraceEnabled()/isDebugEnabled() check costs under a logback configuration: Kafka's
// clients and Streams make several per record, and logback asks every turbo filter on each.
// Run (after `mvn package`):
//   git show <commit>:src/main/resources/logback.xml > /tmp/old.xml
//   javac -cp target/lead-projection.jar -d /tmp ops/bench/experiments/LogCheck.java
//   java -cp target/lead-projection.jar:/tmp LogCheck /tmp/old.xml src/main/resources/logback.xml
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;

public class LogCheck {
  public static void main(String[] configs) throws Exception {
    for (int round = 0; round < 3; round++) {
      for (String config : configs) {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(config);
        org.slf4j.Logger logger =
            context.getLogger("org.apache.kafka.clients.producer.internals.RecordAccumulator");
        long enabled = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 20_000_000; i++) {
          if (logger.isTraceEnabled()) {
            enabled++;
          }
          if (logger.isDebugEnabled()) {
            enabled++;
          }
        }
        System.out.printf(
            "%s: %.1f ns a level check (%d enabled), %d turbo filters%n",
            config, (System.nanoTime() - start) / 40e6, enabled, context.getTurboFilterList().size());
        context.stop();
      }
    }
  }
}
