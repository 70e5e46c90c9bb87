package ai.buena.leads.projection;

import ai.buena.leads.consistency.AppliedOffsets;
import ai.buena.leads.events.EventError;
import ai.buena.leads.events.EventParser;
import ai.buena.leads.events.LeadEvent;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.events.ParseResult;
import ai.buena.leads.index.IndexRole;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.lead.Decision;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import ai.buena.leads.lead.LeadTransitions;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.time.Duration;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each event of {@code lead-events} to the stores, in the order of events.md: parse and
 * validate, drop a re-sent event seen within the de-duplication window, decide, write the stores,
 * and hand the changes downstream. Bad events become dead letters; nothing here throws for bad
 * input. After each event, whatever its outcome, it records the {@code lead-events} offset it
 * processed (in the {@code applied-offsets} store, so a restored task knows it, and in {@link
 * AppliedOffsets}, waking the reads that wait for it).
 */
final class LeadEventProcessor implements Processor<byte[], byte[], String, ProjectionOutput> {
  private static final Logger LOG = LoggerFactory.getLogger(LeadEventProcessor.class);
  private static final byte[] PRESENT = new byte[0];
  /** The store read into the filter at task start: a first step, then a step every interval. */
  private static final Duration FIRST_LOAD_STEP = Duration.ofMillis(2);
  private static final Duration LOAD_STEP = Duration.ofMillis(20);
  private static final Duration LOAD_INTERVAL = Duration.ofMillis(100);
  /** How often a task whose filter was dropped looks for room for a new one. */
  static final Duration SEEN_EVENTS_RETRY_INTERVAL = Duration.ofMinutes(1);
  /**
   * The room a new filter waits for, in units of what the dropped one needed: twice, so that filters
   * near the limit are not read again and dropped in turn every time.
   */
  private static final int SEEN_EVENTS_ROOM_FACTOR = 2;
  /** The one key of the task's {@code applied-offsets} store. */
  static final String PROCESSED = LeadTopology.APPLIED_OFFSET_KEY;

  private final EventParser parser;
  private final Duration dedupeWindow;
  private final ProjectionMetrics metrics;
  private final LocalIndexes indexes;
  private final OpenLeadStores openStores;
  private final InputPartitioning partitioning;
  private final PartitionCheck partitionCheck;
  private final FailingRecords failures;
  private final DeadLetterTopicLimit deadLetterLimit;
  private final String leadEventsTopic;
  private PartitionIndex index;
  private KeyValueStore<String, Long> processedOffsets;
  private ProcessorContext<String, ProjectionOutput> context;
  private KeyValueStore<String, byte[]> leads;
  /** The {@code leads} store under Kafka Streams' wrappers: told each put's change beforehand. */
  private IndexedLeadStore indexedLeads;
  private WindowStore<String, byte[]> eventIds;
  private SeenEventFilter seenEvents;
  private Cancellable loadingSeenEvents;
  private Cancellable retryingSeenEvents;
  private long loadingSince;

  LeadEventProcessor(
      EventParser parser,
      Duration dedupeWindow,
      ProjectionMetrics metrics,
      LocalIndexes indexes,
      OpenLeadStores openStores,
      InputPartitioning partitioning,
      int inputPartitions,
      FailingRecords failures,
      DeadLetterTopicLimit deadLetterLimit,
      String leadEventsTopic) {
    this.parser = parser;
    this.leadEventsTopic = leadEventsTopic;
    this.failures = failures;
    this.deadLetterLimit = deadLetterLimit;
    this.dedupeWindow = dedupeWindow;
    this.metrics = metrics;
    this.indexes = indexes;
    this.openStores = openStores;
    this.partitioning = partitioning;
    this.partitionCheck = new PartitionCheck(inputPartitions);
  }

  @Override
  public void init(ProcessorContext<String, ProjectionOutput> context) {
    this.context = context;
    this.leads = context.getStateStore(Names.LEADS_STORE);
    this.eventIds = context.getStateStore(Names.EVENT_IDS_STORE);
    this.processedOffsets = context.getStateStore(Names.APPLIED_OFFSETS_STORE);
    int partition = context.taskId().partition();
    // The leads store built and registered the index when it opened (see IndexedLeadStore): a
    // standby task recycled into this active one hands it over warm.
    this.index = openStores.index(partition);
    this.indexedLeads = openStores.store(partition);
    indexes.assignRole(index, IndexRole.ACTIVE);
    Long processed = processedOffsets.get(PROCESSED);
    indexes.appliedOffsets().start(partition, processed == null ? AppliedOffsets.NONE : processed);
    startLoadingSeenEvents();
    retryingSeenEvents =
        context.schedule(
            SEEN_EVENTS_RETRY_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> startSeenEventsAgainIfRoom());
  }

  /** A dropped filter made anew once the instance's filters have room for twice what it needed. */
  private void startSeenEventsAgainIfRoom() {
    if (!seenEvents.dropped()) {
      return;
    }
    long room = SEEN_EVENTS_ROOM_FACTOR * seenEvents.neededBytes();
    if (metrics.seenEventFilters().hasRoomFor(room)) {
      LOG.info(
          "The filters of seen event ids have room again ({} KiB): partition {} makes a new one",
          room >> 10,
          index.partition());
      startLoadingSeenEvents();
    }
  }

  /**
   * A new filter for each start of the task (a revived task's store may have been wiped and
   * restored), filled from what the store holds now and from every put from here on.
   */
  private void startLoadingSeenEvents() {
    stopLoadingSeenEvents();
    seenEvents =
        new SeenEventFilter(dedupeWindow, metrics.seenEventFilters(), "partition " + index.partition());
    loadingSince = System.nanoTime();
    seenEvents.startLoading(eventIds.all());
    if (seenEvents.loadFor(FIRST_LOAD_STEP)) {
      seenEventsLoaded();
    } else {
      loadingSeenEvents =
          context.schedule(LOAD_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> loadSeenEvents());
    }
  }

  private void loadSeenEvents() {
    if (seenEvents.loadFor(LOAD_STEP)) {
      loadingSeenEvents.cancel();
      loadingSeenEvents = null;
      seenEventsLoaded();
    }
  }

  private void seenEventsLoaded() {
    if (!seenEvents.dropped()) {
      LOG.info(
          "The filter of seen event ids of partition {} read the {} entries of its event-ids store"
              + " in {} ms: {} KiB",
          index.partition(),
          seenEvents.entriesRead(),
          (System.nanoTime() - loadingSince) / 1_000_000,
          seenEvents.bytes() >> 10);
    }
  }

  /** Closes the filter's read of the store, if one is under way (a task closed, or started again). */
  private void stopLoadingSeenEvents() {
    if (loadingSeenEvents != null) {
      loadingSeenEvents.cancel();
      loadingSeenEvents = null;
    }
    if (seenEvents != null) {
      seenEvents.close();
    }
  }

  @Override
  public void close() {
    if (retryingSeenEvents != null) {
      retryingSeenEvents.cancel();
      retryingSeenEvents = null;
    }
    stopLoadingSeenEvents();
    indexes.appliedOffsets().stop(index.partition());
    // The store closes the index when it closes; a task recycled into a standby keeps it open.
    indexes.assignRole(index, IndexRole.STANDBY);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    AppliedOffsets offsets = indexes.appliedOffsets();
    offsets.beginApply(index.partition());
    apply(record);
    // not on a failure: its stores stay half applied until the task starts again
    offsets.endApply(index.partition());
    long offset = leadEventsOffset();
    if (offset > indexes.appliedOffsets().applied(index.partition())) {
      processedOffsets.put(PROCESSED, offset);
      indexes.appliedOffsets().advance(index.partition(), offset);
    }
  }

  /**
   * The offset of this record in the task's own partition of {@code lead-events}, or -1 for a
   * record moved here through the by-lead topic ({@code any}): it came from another partition,
   * whose offsets say nothing about this one. (The API's writes, whose offsets consistency tokens
   * carry, are sent to their lead's partition and never moved.)
   */
  private long leadEventsOffset() {
    if (movedHere()) {
      return -1;
    }
    DeadLetterRecord.Source source = source();
    return source != null
            && source.partition() == index.partition()
            && source.topic().equals(leadEventsTopic)
        ? source.offset()
        : -1;
  }

  private void apply(Record<byte[], byte[]> record) {
    if (settledAsFailing(record)) {
      return;
    }
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    ParseResult parsed = parser.parse(record.value(), key);
    if (parsed instanceof ParseResult.Invalid invalid) {
      deadLetter(record, invalid.error());
      return;
    }
    LeadEvent event = ((ParseResult.Valid) parsed).event();
    Optional<EventError> misplaced = misplaced(event);
    if (misplaced.isPresent()) {
      deadLetter(record, misplaced.get());
      return;
    }
    String eventKey = DedupeEntries.key(event.leadId(), event.eventId());
    Optional<byte[]> seen = seenWithinWindow(eventKey, record.timestamp());
    if (seen.isPresent()) {
      metrics.deduplicated();
      if (otherRequest(seen.get(), record.headers())) {
        // events.md has no dead-letter reason for this: counted only; the API answers 409
        metrics.reusedIdempotencyKey();
      }
      return;
    }
    byte[] stored = leads.get(event.leadId());
    Lead current = decode(stored);
    Decision decision = LeadTransitions.decide(current, event);
    if (decision instanceof Decision.Reject reject) {
      deadLetter(record, reject.error());
      return;
    }
    if (decision instanceof Decision.Upsert upsert) {
      byte[] json = LeadJson.toBytes(upsert.lead(), true);
      // an event that leaves the lead as it was (e.g. a contact at the time already recorded)
      // changes no store and sends consumers no record that says nothing new
      if (!Arrays.equals(json, stored)) {
        indexedLeads.expectPut(event.leadId(), upsert.previous(), upsert.lead());
        leads.put(event.leadId(), json);
        forwardStatusDelta(record, upsert.previous(), upsert.lead());
        forwardLead(record, event.leadId(), json);
      }
    } else {
      Lead previous = ((Decision.Remove) decision).previous();
      leads.delete(event.leadId());
      forwardStatusDelta(record, previous, null);
      forwardLead(record, event.leadId(), null);
    }
    // first: the filter must know every entry the store may hold, even after a failed put
    seenEvents.add(eventKey, record.timestamp());
    eventIds.put(eventKey, DedupeEntries.value(record.headers()), record.timestamp());
    metrics.applied();
    metrics.freshness(System.currentTimeMillis() - record.timestamp());
  }

  /** With ANY the topology itself moved every misplaced record to its lead: nothing to check. */
  private Optional<EventError> misplaced(LeadEvent event) {
    if (partitioning == InputPartitioning.ANY) {
      return Optional.empty();
    }
    return context
        .recordMetadata()
        .flatMap(source -> partitionCheck.problem(event.leadId(), source.partition()));
  }

  /**
   * The entry of an event applied within the window around {@code arrivedAt}, if any: before it,
   * and after it too, since record times need not grow (a copy on another input partition with
   * {@code any}, a partition leader whose clock is behind its predecessor's).
   */
  private Optional<byte[]> seenWithinWindow(String eventKey, long arrivedAt) {
    long window = dedupeWindow.toMillis();
    long from = Math.max(0, arrivedAt - window);
    long to = arrivedAt > Long.MAX_VALUE - window ? Long.MAX_VALUE : arrivedAt + window;
    if (!seenEvents.mayHold(eventKey, from, to)) {
      metrics.dedupeLookup(false);
      return Optional.empty();
    }
    metrics.dedupeLookup(true);
    try (WindowStoreIterator<byte[]> seen = eventIds.fetch(eventKey, from, to)) {
      return seen.hasNext() ? Optional.of(seen.next().value) : Optional.empty();
    }
  }

  /** Both the applied event and its duplicate carry a request fingerprint, and they differ. */
  private static boolean otherRequest(byte[] applied, Headers duplicate) {
    Optional<String> first = DedupeEntries.fingerprint(applied);
    Optional<String> again = DedupeEntries.fingerprint(duplicate);
    return first.isPresent() && again.isPresent() && !first.get().equals(again.get());
  }

  private void forwardStatusDelta(Record<byte[], byte[]> record, Lead before, Lead after) {
    LeadStatus was = before == null ? null : before.status();
    LeadStatus is = after == null ? null : after.status();
    if (was == is) {
      return;
    }
    String workspace = after != null ? after.workspaceId() : before.workspaceId();
    context.forward(
        new Record<String, ProjectionOutput>(
            workspace,
            new ProjectionOutput.StatusDelta(StatusCountsDelta.of(was, is)),
            record.timestamp(),
            new RecordHeaders()));
  }

  private void forwardLead(Record<byte[], byte[]> record, String leadId, byte[] json) {
    context.forward(
        new Record<String, ProjectionOutput>(
            leadId, new ProjectionOutput.LeadChanged(json), record.timestamp(), new RecordHeaders()));
  }

  private static Lead decode(byte[] json) {
    return json == null ? null : LeadJson.fromBytes(json);
  }

  private void deadLetter(Record<byte[], byte[]> record, EventError error) {
    deadLetter(record, error, deadLetterLimit.maxValueBytes());
  }

  private void deadLetter(Record<byte[], byte[]> record, EventError error, int maxValueBytes) {
    Headers producerHeaders = record.headers();
    DeadLetterRecord.Source origin = source();
    if (partitioning == InputPartitioning.ANY) {
      // a stamp on a record read from lead-events is a producer's own: dropped all the same
      DeadLetterRecord.Source stamped = movedHere() ? SourceHeaders.stamped(producerHeaders) : null;
      producerHeaders = SourceHeaders.withoutStamp(producerHeaders);
      origin = stamped == null ? origin : stamped;
    }
    DeadLetterRecord letter =
        DeadLetterRecord.of(
            record.key(), record.value(), producerHeaders, error, origin, maxValueBytes);
    context.forward(
        new Record<String, ProjectionOutput>(
            null,
            new ProjectionOutput.DeadLetter(letter.key(), letter.value(), error),
            record.timestamp(),
            letter.headers()));
    metrics.deadLettered(error.code());
  }

  /** Whether this record was read from the by-lead topic ({@code any}), not from lead-events. */
  private boolean movedHere() {
    return partitioning == InputPartitioning.ANY
        && context.recordMetadata().map(m -> !leadEventsTopic.equals(m.topic())).orElse(false);
  }

  private DeadLetterRecord.Source source() {
    return context
        .recordMetadata()
        .map(m -> new DeadLetterRecord.Source(m.topic(), m.partition(), m.offset()))
        .orElse(null);
  }

  /**
   * A record whose earlier attempts failed (see {@link FailingRecords}) is dead-lettered as an
   * excerpt, or skipped, instead of processed again; true when it was.
   */
  private boolean settledAsFailing(Record<byte[], byte[]> record) {
    DeadLetterRecord.Source source = source();
    if (source == null) {
      return false;
    }
    FailingRecords.Verdict verdict =
        failures.verdict(source.topic(), source.partition(), source.offset());
    DeadLetterRecord.Source stamped = movedHere() ? SourceHeaders.stamped(record.headers()) : null;
    if (verdict instanceof FailingRecords.Verdict.Process && stamped != null) {
      // a moved event's dead letter names where it was sent, so a refused one is counted there
      verdict = failures.verdict(stamped.topic(), stamped.partition(), stamped.offset());
    }
    if (verdict instanceof FailingRecords.Verdict.DeadLetterInstead instead) {
      deadLetter(record, instead.error(), DeadLetterRecord.EXCERPT_VALUE_BYTES);
      return true;
    }
    if (verdict instanceof FailingRecords.Verdict.Skip skip) {
      skip.report(source, metrics);
      return true;
    }
    return false;
  }

}
