package ai.buena.leads.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OtherDateTimeSpellingsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2024-01-15 10:30:00Z | 2024-01-15T10:30:00Z",
        "2024-01-15 10:30:00+00 | 2024-01-15T10:30:00Z",
        "2024-01-15T10:30:00,5Z | 2024-01-15T10:30:00.5Z",
        "2024-01-15T10:30:00+0000 | 2024-01-15T10:30:00Z",
        "2024-01-15T10:30:00.000+0530 | 2024-01-15T05:00:00Z",
        "2024-01-15T10:30:00-0800 | 2024-01-15T18:30:00Z",
        "2024-01-15T24:00:00Z | 2024-01-16T00:00:00Z",
        "2024-01-15T24:00Z | 2024-01-16T00:00:00Z",
        "2024-01-15T24:00:00.000+01:00 | 2024-01-15T23:00:00Z",
        "2016-12-31T23:59:60Z | 2016-12-31T23:59:59Z",
        "2016-12-31T23:59:60.5Z | 2016-12-31T23:59:59.5Z",
        "2015-06-30T23:59:60Z | 2015-06-30T23:59:59Z",
        "2017-01-01T00:59:60+01:00 | 2016-12-31T23:59:59Z",
        "2017-01-01T05:29:60+05:30 | 2016-12-31T23:59:59Z",
        "2024-01-15T10:30:00.1234567891Z | 2024-01-15T10:30:00.123456789Z",
        "2024-01-15T10:30:00.999999999999+01:00 | 2024-01-15T09:30:00.999999999Z",
        "2024-01-15T10:30:00.0000000000Z | 2024-01-15T10:30:00Z",
        "2024-01-15T24:00:00.0000000000Z | 2024-01-16T00:00:00Z"
      })
  void shouldReadTheInstantASpellingNames(String text, String expected) {
    assertThat(EventParser.instant(text)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "2024-01-15 10:30:00",
        "2024-01-15T10:30:00",
        "2024-01-15T24:00:01Z",
        "2024-01-15T24:00:00.5Z",
        "2024-01-15T24:00:00.0000000001Z",
        "2016-12-31T23:58:60Z",
        "2024-01-15T23:59:60Z",
        "2016-12-31T23:59:60+01:00",
        "2024-02-30T10:30:00+0000",
        "2024-01-15T10:30:00+2500",
        "2024-01-15T10:30:00 +00:00",
        "2024-01-15T10:30:00UTC",
        "20240115T103000Z",
        "9999-12-31T24:00:00Z"
      })
  void shouldReadNoInstantFromASpellingThatNamesNoneOrOneOutOfRange(String text) {
    assertThat(EventParser.instant(text)).isNull();
  }
}
