package ai.buena.leads.testing;

import ai.buena.leads.runtime.topics.TopicDeclarations;
import ai.buena.leads.runtime.topics.TopicProvisioner;

/** The product's declared topics on the shared test broker (created once, capped to 1 replica). */
public final class TestTopics {
  private static boolean created;

  private TestTopics() {}

  public static synchronized void ensureDeclaredTopics() {
    if (!created) {
      new TopicProvisioner(
              SharedKafka.admin(), TopicDeclarations.loadFromClasspath(), true, SharedKafka.DEADLINE)
          .apply();
      created = true;
    }
  }
}
