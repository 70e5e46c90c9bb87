package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.query.Cursors;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.SortField;
import ai.buena.leads.query.SortKey;
import ai.buena.leads.query.SortOrder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cursors held by clients and queries sent between instances of different versions (a rolling
 * upgrade) stay valid: the bytes below were written by the version before the field descriptors.
 */
class QueryWireFormatTest {
  private static final SortKey TEXT_POSITION = new SortKey("m\u00fcller", "lead-42");
  private static final LeadQuery EVERY_FILTER =
      LeadQuery.builder()
          .limit(25)
          .status(LeadStatus.CONTACTED)
          .source(LeadSource.LINKEDIN)
          .searchTerms(List.of("John", "soft"))
          .company("Google")
          .title("Eng")
          .createdAfter(Instant.parse("2024-01-01T00:00:00Z"))
          .createdBefore(Instant.parse("2024-06-01T12:30:00.123456Z"))
          .lastContactedAfter(Instant.parse("2024-02-01T00:00:00Z"))
          .lastContactedBefore(Instant.parse("2024-03-01T00:00:00Z"))
          .sortBy(SortField.LAST_NAME)
          .sortOrder(SortOrder.ASC)
          .build();
  private static final LeadQuery BY_LAST_CONTACT =
      LeadQuery.builder().sortBy(SortField.LAST_CONTACTED_AT).build();

  private static final String TEXT_CURSOR =
      "Av4Yq6iQXwZUAQAAAAYAbQD8AGwAbABlAHIAAAAHAGwAZQBhAGQALQA0ADI";
  private static final String TIME_CURSOR = "AnhawnMxU3MCAgAAAABlvbtyLwcvQAAAAAYAbABlAGEAZAAtADc";
  private static final String NO_VALUE_CURSOR = "AnhawnMxU3MCAAAAAAYAbABlAGEAZAAtADg";
  private static final String ENCODED_QUERY =
      "AQAAAAEAAAAZAAAACQBjAG8AbgB0AGEAYwB0AGUAZAAAAAgAbABpAG4AawBlAGQAaQBuAAAAAgAAAAQAagBvAGgAbgAAAA"
          + "QAcwBvAGYAdAAAAAYAZwBvAG8AZwBsAGUAAAADAGUAbgBnAQAAAABlkgCAAAAAAAEAAAAAZlsUSAdbygABAAAAAGW6"
          + "3wAAAAAAAQAAAABl4RqAAAAAAAAAAAgAbABhAHMAdABOAGEAbQBlAAAAAwBhAHMAYwECAAAABgBtAPwAbABsAGUAcgA"
          + "AAAcAbABlAGEAZAAtADQAMg";
  private static final String ENCODED_DEFAULTS =
      "AQAAAAEAAAAK__________8AAAAA__________8AAAAAAAAACQBjAHIAZQBhAHQAZQBkAEEAdAAAAAQAZABlAHMAYwA";

  @Test
  void shouldWriteATextCursorAsTheEarlierVersionDid() {
    assertThat(Cursors.encode(EVERY_FILTER, TEXT_POSITION)).isEqualTo(TEXT_CURSOR);
  }

  @Test
  void shouldWriteATimeCursorAsTheEarlierVersionDid() {
    SortKey position = new SortKey(Instant.parse("2024-02-03T04:05:06.789Z"), "lead-7");
    assertThat(Cursors.encode(BY_LAST_CONTACT, position)).isEqualTo(TIME_CURSOR);
  }

  @Test
  void shouldWriteACursorWithoutSortValueAsTheEarlierVersionDid() {
    assertThat(Cursors.encode(BY_LAST_CONTACT, new SortKey(null, "lead-8")))
        .isEqualTo(NO_VALUE_CURSOR);
  }

  @Test
  void shouldReadACursorTheEarlierVersionWrote() {
    assertThat(Cursors.decode(TEXT_CURSOR, EVERY_FILTER)).contains(TEXT_POSITION);
  }

  @Test
  void shouldSendAQueryToAnotherInstanceAsTheEarlierVersionDid() {
    LeadQuery withCursor = EVERY_FILTER.toBuilder().after(TEXT_POSITION).build();
    assertThat(LeadQueryEncoding.encode(withCursor)).isEqualTo(ENCODED_QUERY);
    assertThat(LeadQueryEncoding.encode(LeadQuery.defaults())).isEqualTo(ENCODED_DEFAULTS);
  }

  @Test
  void shouldReadAQueryTheEarlierVersionSent() {
    assertThat(LeadQueryEncoding.decode(ENCODED_QUERY))
        .contains(EVERY_FILTER.toBuilder().after(TEXT_POSITION).build());
  }
}
