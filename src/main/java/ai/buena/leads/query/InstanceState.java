package ai.buena.leads.query;

/** What an instance's answers say of it. */
public enum InstanceState {
  /** Started, and not about to stop. */
  ANSWERING,
  /** Not yet ready once since its start: its copies may still be restoring, its JVM is cold. */
  STARTING,
  /** At the end of its drain: it will soon stop answering. */
  STOPPING
}
