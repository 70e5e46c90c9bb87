package ai.buena.leads.projection;

import static ai.buena.leads.projection.DeadLetterRecordTest.header;
import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.EventError;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The Kafka Streams error handlers: what they continue on, and the dead letters they write. */
class ErrorHandlersTest {
  private static final String REPARTITION = "lead-projection-status-deltas-repartition";

  private final ProjectionMetrics metrics = new ProjectionMetrics();
  private final FailingRecords failures = new FailingRecords();
  /** Refusals the producer made at once, on the stream thread, while processing their record. */
  private final FailTaskProductionHandler production = new FailTaskProductionHandler(() -> true);
  /** Refusals the broker answered, on the producer's thread, while the task went on. */
  private final FailTaskProductionHandler answeredLater = new FailTaskProductionHandler(() -> false);
  private final RetryThenDeadLetterProcessingHandler processing =
      new RetryThenDeadLetterProcessingHandler();
  private final DeadLetteringDeserializationHandler deserialization =
      new DeadLetteringDeserializationHandler();

  @BeforeEach
  void configure() {
    Map<String, Object> configs = ErrorHandling.streamsProperties(metrics, failures);
    production.configure(configs);
    answeredLater.configure(configs);
    processing.configure(configs);
    deserialization.configure(configs);
  }

  @Test
  void shouldFailTheTaskWhenAnOutputIsTooLargeAndCountTheSourceRecord() {
    ProductionExceptionHandler.Response response =
        production.handleError(
            context(Names.LEAD_EVENTS, 7L),
            output(Names.LEAD_PROJECTIONS),
            new RecordTooLargeException("too large"));

    assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
    assertThat(response.deadLetterQueueRecords()).isEmpty();
    assertThat(metrics.failedAttemptCount()).isEqualTo(1);
  }

  @Test
  void shouldDeadLetterARecordWhoseOutputFailedThreeTimesOnItsNextAttempt() {
    refuseAsTooLargeUntilDeadLettered(Names.LEAD_EVENTS_DLQ);

    assertThat(failures.verdict(Names.LEAD_EVENTS, 2, 7L))
        .isInstanceOfSatisfying(
            FailingRecords.Verdict.DeadLetterInstead.class,
            v -> assertThat(v.error().code()).isEqualTo(EventError.OUTPUT_REJECTED));
  }

  @Test
  void shouldNameTheSizeSettingsInTheDeadLetterOfARecordKafkaFoundTooLarge() {
    refuseAsTooLargeUntilDeadLettered(Names.LEAD_PROJECTIONS);

    assertThat(failures.verdict(Names.LEAD_EVENTS, 2, 7L))
        .isInstanceOfSatisfying(
            FailingRecords.Verdict.DeadLetterInstead.class,
            v -> assertThat(v.error().message()).contains("max.message.bytes").contains("message.max.bytes"));
  }

  @Test
  void shouldNotBlameTheRecordBeingProcessedForAnOutputTheBrokerRefusedAfterwards() {
    for (int i = 0; i < FailingRecords.SKIP_AFTER; i++) {
      ProductionExceptionHandler.Response response =
          answeredLater.handleError(
              context(Names.LEAD_EVENTS, 9L), output(Names.LEAD_PROJECTIONS), new RecordTooLargeException("too large"));
      assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
    }

    assertThat(failures.verdict(Names.LEAD_EVENTS, 2, 9L))
        .isInstanceOf(FailingRecords.Verdict.Process.class);
    assertThat(metrics.failedAttemptCount()).isEqualTo(FailingRecords.SKIP_AFTER);
  }

  @Test
  void shouldBlameTheEventADeadLetterNamesWhenTheBrokerRefusesTheDeadLetter() {
    ProducerRecord<byte[], byte[]> letter =
        DeadLetterRecord.of(
                utf8("lead_1"), new byte[10], new RecordHeaders(), new EventError("TOO_LARGE", "big"),
                new DeadLetterRecord.Source(Names.LEAD_EVENTS, 2, 7L))
            .toProducerRecord(Names.LEAD_EVENTS_DLQ, 0L);

    for (int i = 0; i < FailingRecords.DEAD_LETTER_AFTER; i++) {
      answeredLater.handleError(context(Names.LEAD_EVENTS, 9L), letter, new RecordTooLargeException("too large"));
    }

    assertThat(failures.verdict(Names.LEAD_EVENTS, 2, 7L))
        .isInstanceOf(FailingRecords.Verdict.DeadLetterInstead.class);
    assertThat(failures.verdict(Names.LEAD_EVENTS, 2, 9L))
        .isInstanceOf(FailingRecords.Verdict.Process.class);
  }

  @Test
  void shouldNotCountAgainstTheRecordAtHandASendRefusedBecauseAnEarlierOutputFailed() {
    for (int i = 0; i < FailingRecords.SKIP_AFTER; i++) {
      ProcessingExceptionHandler.Response response =
          processing.handleError(context(Names.LEAD_EVENTS, 9L), null, sendRefusedAfterAnEarlierFailure());
      assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
    }

    assertThat(failures.verdict(Names.LEAD_EVENTS, 2, 9L))
        .isInstanceOf(FailingRecords.Verdict.Process.class);
  }

  @Test
  void shouldRetryARetriableProductionErrorWithoutCountingIt() {
    ProductionExceptionHandler.Response response =
        production.handleError(
            context(Names.LEAD_EVENTS, 7L),
            output(Names.LEAD_PROJECTIONS),
            new NotEnoughReplicasException("later"));

    assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RETRY);
    assertThat(failures.verdict(Names.LEAD_EVENTS, 2, 7L))
        .isInstanceOf(FailingRecords.Verdict.Process.class);
  }

  @Test
  void shouldLogTheStackTraceOfAFailingRecordAtItsFirstAttemptOnly() {
    Logger logger = (Logger) LoggerFactory.getLogger(RetryThenDeadLetterProcessingHandler.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try {
      for (int i = 0; i < 3; i++) {
        processing.handleError(context(Names.LEAD_EVENTS, 8L), null, new IllegalStateException("bug"));
      }
    } finally {
      logger.detachAppender(logged);
    }

    assertThat(logged.list).hasSize(3);
    assertThat(logged.list).filteredOn(event -> event.getThrowableProxy() != null).hasSize(1);
    assertThat(logged.list.get(2).getFormattedMessage()).contains("attempt 3").contains("bug");
  }

  @Test
  void shouldFailALeadEventWhoseProcessingThrowsEvenAfterManyAttempts() {
    ProcessingExceptionHandler.Response last = null;
    for (int i = 0; i < FailingRecords.SKIP_AFTER; i++) {
      last = processing.handleError(context(Names.LEAD_EVENTS, 7L), null, new IllegalStateException("bug"));
    }

    assertThat(last.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
    assertThat(failures.verdict(Names.LEAD_EVENTS, 2, 7L))
        .isInstanceOf(FailingRecords.Verdict.Skip.class);
  }

  @Test
  void shouldFailALeadEventReadThroughTheByLeadRepartitionEvenAfterManyAttempts() {
    String byLead = LeadTopology.byLeadTopic("lead-projection");
    ProcessingExceptionHandler.Response last = null;
    for (int i = 0; i < FailingRecords.SKIP_AFTER; i++) {
      last = processing.handleError(context(byLead, 7L), null, new IllegalStateException("bug"));
    }

    assertThat(last.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
    assertThat(failures.verdict(byLead, 2, 7L)).isInstanceOf(FailingRecords.Verdict.Skip.class);
  }

  @Test
  void shouldNeverSkipAnApiKeyRecordWhoseProcessingThrowsSoARevocationIsNeverLost() {
    ProcessingExceptionHandler.Response last = null;
    for (int i = 0; i <= FailingRecords.SKIP_AFTER; i++) {
      last =
          processing.handleError(
              context(Names.API_KEYS, 3L), new Record<>("k", "v", 0L), new IllegalStateException("bug"));
    }

    assertThat(last.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
    assertThat(last.deadLetterQueueRecords()).isEmpty();
  }

  @Test
  void shouldHandleTheGlobalThreadsRecordsSoKafkaStreamsNeedNotWarnAtEveryStart() {
    Map<String, Object> properties =
        ErrorHandling.streamsProperties(new ProjectionMetrics(), new FailingRecords());

    assertThat(properties)
        .containsEntry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
  }

  @Test
  void shouldDeadLetterAnInternalRecordWhoseProcessingThrewThreeTimesInOurFormat() {
    ProcessingExceptionHandler.Response response = null;
    for (int i = 0; i < FailingRecords.DEAD_LETTER_AFTER; i++) {
      response =
          processing.handleError(
              context(REPARTITION, 9L), new Record<>("k", "v", 0L), new IllegalStateException("bug"));
    }

    assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).hasSize(1);
    ProducerRecord<byte[], byte[]> letter = response.deadLetterQueueRecords().get(0);
    assertThat(letter.topic()).isEqualTo(Names.LEAD_EVENTS_DLQ);
    assertThat(header(letter.headers(), "error.code")).isEqualTo("PROCESSING_FAILED");
    assertThat(header(letter.headers(), "error.message")).contains("IllegalStateException: bug");
    assertThat(header(letter.headers(), "source.topic")).isEqualTo(REPARTITION);
    assertThat(header(letter.headers(), "source.partition")).isEqualTo("2");
    assertThat(header(letter.headers(), "source.offset")).isEqualTo("9");
    assertThat(header(letter.headers(), "original.error.code")).isEqualTo("FAKE");
    assertThat(letter.value()).isEqualTo(utf8("raw value"));
    assertThat(metrics.deadLetteredByCode()).containsEntry("PROCESSING_FAILED", 1L);
  }

  @Test
  void shouldDeadLetterAnUndeserializableRecordAtOnceInOurFormat() {
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>(Names.API_KEYS, 0, 5L, utf8("k"), utf8("v"));

    DeserializationExceptionHandler.Response response =
        deserialization.handleError(
            context(Names.API_KEYS, 5L), record, new SerializationException("cannot read"));

    assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
    ProducerRecord<byte[], byte[]> letter = response.deadLetterQueueRecords().get(0);
    assertThat(header(letter.headers(), "error.code")).isEqualTo("DESERIALIZATION_FAILED");
    assertThat(header(letter.headers(), "source.topic")).isEqualTo(Names.API_KEYS);
    assertThat(header(letter.headers(), "source.offset")).isEqualTo("5");
    assertThat(metrics.deadLetteredByCode()).containsEntry("DESERIALIZATION_FAILED", 1L);
  }

  /** The output of {@code lead-events}' offset 7 refused as often as takes it to a dead letter. */
  private void refuseAsTooLargeUntilDeadLettered(String outputTopic) {
    for (int i = 0; i < FailingRecords.DEAD_LETTER_AFTER; i++) {
      production.handleError(
          context(Names.LEAD_EVENTS, 7L), output(outputTopic), new RecordTooLargeException("too large"));
    }
  }

  private static ProducerRecord<byte[], byte[]> output(String topic) {
    return new ProducerRecord<>(topic, utf8("lead_1"), new byte[10]);
  }

  private static ErrorHandlerContext context(String topic, long offset) {
    Headers headers = new RecordHeaders();
    headers.add("error.code", utf8("FAKE"));
    return new ErrorHandlerContext() {
      @Override
      public String topic() {
        return topic;
      }

      @Override
      public int partition() {
        return 2;
      }

      @Override
      public long offset() {
        return offset;
      }

      @Override
      public Headers headers() {
        return headers;
      }

      @Override
      public String processorNodeId() {
        return "apply-lead-events";
      }

      @Override
      public TaskId taskId() {
        return new TaskId(0, 2);
      }

      @Override
      public long timestamp() {
        return 0L;
      }

      @Override
      public byte[] sourceRawKey() {
        return utf8("raw key");
      }

      @Override
      public byte[] sourceRawValue() {
        return utf8("raw value");
      }
    };
  }

  /** What Kafka Streams throws at a send once its producer failed: made in {@code StreamsProducer}. */
  private static StreamsException sendRefusedAfterAnEarlierFailure() {
    StreamsException refused =
        new StreamsException(
            "Error encountered trying to send record to topic lead-projection-leads-changelog",
            new KafkaException("Cannot execute transactional method because we are in an error state"));
    refused.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement(
              "org.apache.kafka.streams.processor.internals.StreamsProducer", "send", "StreamsProducer.java", 250)
        });
    return refused;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
