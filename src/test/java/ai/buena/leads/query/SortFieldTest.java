package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.index.IndexedField;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SortFieldTest {

  @Test
  void shouldOfferEveryIndexedFieldAsSortByOnce() {
    assertThat(Arrays.stream(SortField.values()).map(SortField::field))
        .containsExactlyInAnyOrder(IndexedField.values());
  }

  @Test
  void shouldReadSortByAsTheDescriptorSpellsIt() {
    for (SortField field : SortField.values()) {
      assertThat(SortField.fromWire(field.field().wire())).contains(field);
    }
  }
}
