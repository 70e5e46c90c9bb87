package ai.buena.leads.write;

/** Where an acknowledged event is in {@code lead-events}. */
public record Appended(int partition, long offset) {}
