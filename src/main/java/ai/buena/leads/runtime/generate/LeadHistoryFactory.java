package ai.buena.leads.runtime.generate;

import ai.buena.leads.events.LeadEvent;
import ai.buena.leads.events.LeadPatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole event history of the lead at one index: created, then updates and contacts, maybe
 * deleted.
 */
final class LeadHistoryFactory {
  private static final Weighted<Integer> UPDATE_COUNTS =
      Weighted.of(List.of(0, 1, 2, 3), 35, 35, 20, 10);
  private static final Weighted<Integer> CONTACT_COUNTS =
      Weighted.of(List.of(0, 1, 2, 3), 40, 30, 18, 12);
  private static final Weighted<String> CHANNELS =
      Weighted.of(List.of("email", "linkedin", "phone", "other"), 50, 32, 12, 6);

  private final SyntheticIds ids;
  private final String workspaceId;
  private final Timeline timeline;
  private final double deleteRatio;
  private final LeadVocabulary vocabulary;

  LeadHistoryFactory(
      SyntheticIds ids,
      String workspaceId,
      Timeline timeline,
      double deleteRatio,
      LeadVocabulary vocabulary) {
    this.ids = ids;
    this.workspaceId = workspaceId;
    this.timeline = timeline;
    this.deleteRatio = deleteRatio;
    this.vocabulary = vocabulary;
  }

  List<LeadEvent> history(int index) {
    SeededRandom random = new SeededRandom(ids.leadSeed(index));
    boolean deleted = random.chance(deleteRatio);
    boolean[] slotIsContact =
        shuffledSlots(CONTACT_COUNTS.pick(random), UPDATE_COUNTS.pick(random), random);
    long[] times = timeline.eventTimes(1 + slotIsContact.length + (deleted ? 1 : 0), random);
    String leadId = ids.leadId(index);

    List<LeadEvent> events = new ArrayList<>(times.length);
    LeadDraft lead = new LeadDraft();
    LeadPatch created = NewLeadFactory.create(random, vocabulary);
    lead.apply(created);
    events.add(
        new LeadEvent.Created(ids.eventId(index, 0), leadId, workspaceId, at(times[0]), created));
    for (int slot = 0; slot < slotIsContact.length; slot++) {
      int sequence = slot + 1;
      String eventId = ids.eventId(index, sequence);
      Instant occurredAt = at(times[sequence]);
      if (slotIsContact[slot]) {
        events.add(contact(eventId, leadId, occurredAt, random));
        lead.markContacted();
      } else {
        LeadPatch patch = UpdatePatchFactory.next(lead, random, vocabulary);
        lead.apply(patch);
        events.add(new LeadEvent.Updated(eventId, leadId, workspaceId, occurredAt, patch));
      }
    }
    if (deleted) {
      int sequence = times.length - 1;
      events.add(
          new LeadEvent.Deleted(
              ids.eventId(index, sequence), leadId, workspaceId, at(times[sequence])));
    }
    return events;
  }

  private LeadEvent.Contacted contact(
      String eventId, String leadId, Instant occurredAt, SeededRandom random) {
    String channel = random.chance(0.03) ? null : CHANNELS.pick(random);
    String note = random.chance(0.4) ? random.pick(Vocabulary.CONTACT_NOTES) : null;
    return new LeadEvent.Contacted(eventId, leadId, workspaceId, occurredAt, channel, note);
  }

  private static boolean[] shuffledSlots(int contacts, int updates, SeededRandom random) {
    boolean[] slots = new boolean[contacts + updates];
    for (int i = 0; i < contacts; i++) {
      slots[i] = true;
    }
    for (int i = slots.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      boolean swapped = slots[i];
      slots[i] = slots[j];
      slots[j] = swapped;
    }
    return slots;
  }

  private static Instant at(long epochSecond) {
    return Instant.ofEpochSecond(epochSecond);
  }
}
