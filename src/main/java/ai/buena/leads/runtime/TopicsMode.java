package ai.buena.leads.runtime;

/** What {@code serve} does with {@code topics/topics.yaml} before it starts. */
enum TopicsMode {
  /** Create the missing topics, then check every topic against its declaration. */
  CREATE,
  /** Check that every topic exists and matches its declaration; create nothing. */
  VERIFY,
  /** Trust the operator: no admin calls beyond what Kafka Streams itself makes. */
  SKIP
}
