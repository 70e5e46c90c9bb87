package ai.buena.leads.index;

/**
 * Whether the new owner of a partition answers for it now: a copy this instance kept of it after
 * its task left (a {@link RetiredCopy}) is no longer needed then. Never throws: false when unknown.
 */
@FunctionalInterface
public interface NewOwners {
  /** Nobody is asked: retired copies stay until their bound. */
  NewOwners NONE = partition -> false;

  boolean answer(int partition);
}
