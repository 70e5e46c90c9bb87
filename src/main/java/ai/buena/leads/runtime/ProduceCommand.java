package ai.buena.leads.runtime;

import ai.buena.leads.clients.KafkaClientConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    description = {
      "Reads newline-delimited JSON events (the events.md envelope) from stdin or --file, validates"
          + " them, and publishes them to lead-events keyed by leadId.",
      "Prints 'sent N, rejected M'. Exit code 0 when every line was sent, 1 when some lines were"
          + " rejected (the valid ones were still sent), 2 when the topic does not exist, 3 when"
          + " Kafka refused events or could not be reached (with what was sent by then)."
    })
final class ProduceCommand implements Callable<Integer> {
  private static final int MAX_REJECTIONS_SHOWN = 20;

  @Spec CommandSpec spec;

  @Option(
      names = "--bootstrap-servers",
      defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
      description = "Kafka cluster (env KAFKA_BOOTSTRAP_SERVERS, default localhost:9092).")
  String bootstrapServers;

  @Option(names = "--file", description = "Read events from this file instead of stdin.")
  Path file;

  @Mixin KafkaConfigOption kafkaConfig;
  @Mixin TopicNameOptions topicNames;

  @Override
  public Integer call() throws IOException {
    if (file != null && !Files.isReadable(file)) {
      throw new ParameterException(spec.commandLine(), "--file " + file + " cannot be read");
    }
    KafkaClientConfig kafka = kafkaConfig.load(bootstrapServers, spec);
    String topic = topicNames.names(spec).leadEvents();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long[] shown = {0};
    EventPublisher.Report report;
    try (InputStream lines = open();
        EventPublisher publisher = new EventPublisher(kafka, topic)) {
      report =
          publisher.publish(
              lines,
              rejection -> {
                if (shown[0]++ < MAX_REJECTIONS_SHOWN) {
                  err.printf(
                      "line %d rejected: %s %s%n",
                      rejection.line(), rejection.code(), rejection.message());
                  err.flush();
                }
              });
    } catch (EventPublisher.TopicMissing e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    } catch (EventPublisher.PublishFailed e) {
      Optional<AuthorizationException> refused = Causes.find(e, AuthorizationException.class);
      String reason =
          Main.authenticationFailure(e.getCause() == null ? e : e.getCause())
              .map(Main::refusal)
              .or(() -> refused.map(refusal -> refusedTopic(refusal, topic)))
              .orElse(e.getMessage());
      if (e.lastLine() == 0) {
        err.println("produce failed: " + reason);
        err.flush();
        // nothing read yet: Kafka would not even describe the topic to this principal
        return refused.isPresent() ? 2 : 3;
      } else {
        err.printf(
            "produce failed after line %d (sent %d, rejected %d; re-sending the file is safe): %s%n",
            e.lastLine(), e.report().sent(), e.report().rejected(), reason);
      }
      err.flush();
      return 3;
    } catch (IOException | KafkaException e) {
      err.println(
          "produce failed: " + Main.authenticationFailure(e).map(Main::refusal).orElse(e.getMessage()));
      return 3;
    }
    if (shown[0] > MAX_REJECTIONS_SHOWN) {
      err.printf("... and %d more rejected lines%n", shown[0] - MAX_REJECTIONS_SHOWN);
    }
    out.printf("sent %d, rejected %d%n", report.sent(), report.rejected());
    out.flush();
    return report.rejected() == 0 ? 0 : 1;
  }

  private static String refusedTopic(AuthorizationException e, String topic) {
    return "Kafka refused this principal: "
        + e.getMessage()
        + " (grant it Write and Describe on topic "
        + topic
        + ": ops/runbook.md#kafka-acls)";
  }

  private InputStream open() throws IOException {
    return file != null ? Files.newInputStream(file) : System.in;
  }
}
