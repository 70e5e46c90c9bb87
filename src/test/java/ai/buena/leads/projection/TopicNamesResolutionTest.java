package ai.buena.leads.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicNamesResolutionTest {
  @Test
  void shouldUseTheDeclaredNamesByDefault() {
    assertThat(TopicNames.DEFAULT)
        .isEqualTo(
            new TopicNames(
                Names.LEAD_EVENTS,
                Names.LEAD_EVENTS_DLQ,
                Names.LEAD_PROJECTIONS,
                Names.LEAD_STATUS_COUNTS,
                Names.API_KEYS));
  }

  @Test
  void shouldPutThePrefixBeforeEveryDeclaredName() {
    TopicNames names = TopicNames.of("crm.", Map.of());

    assertThat(names.leadEvents()).isEqualTo("crm.lead-events");
    assertThat(names.deadLetters()).isEqualTo("crm.lead-events.dlq");
    assertThat(names.apiKeys()).isEqualTo("crm.lead-api-keys");
  }

  @Test
  void shouldTakeARenamedTopicAsGivenWithoutThePrefix() {
    TopicNames names = TopicNames.of("crm.", Map.of("lead-events", "crm.leads.events"));

    assertThat(names.leadEvents()).isEqualTo("crm.leads.events");
    assertThat(names.leadProjections()).isEqualTo("crm.lead-projections");
  }

  @Test
  void shouldFindTheActualNameOfADeclaredTopic() {
    TopicNames names = TopicNames.of("", Map.of("lead-status-counts", "counts"));

    assertThat(names.actual(Names.LEAD_STATUS_COUNTS)).isEqualTo("counts");
  }

  @Test
  void shouldRefuseAnUnknownTopicAndAnIllegalNameTogether() {
    assertThatThrownBy(
            () -> TopicNames.of("", Map.of("leads", "x", "lead-events", "bad name")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown topic leads")
        .hasMessageContaining("'bad name' is not a legal Kafka topic name");
  }

  @Test
  void shouldRefuseTwoTopicsOfTheSameName() {
    assertThatThrownBy(
            () -> TopicNames.of("", Map.of("lead-events", "events", "lead-projections", "events")))
        .hasMessageContaining("two topics would both be named events");
  }

  @Test
  void shouldRefuseAPrefixThatMakesIllegalNames() {
    assertThatThrownBy(() -> TopicNames.of("crm/", Map.of()))
        .hasMessageContaining("'crm/lead-events' is not a legal Kafka topic name");
  }
}
