package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.testing.Seeded;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocsByIdTest {
  /** Ids by doc, as the index's slots give them; a removed doc keeps its id here (unused). */
  private final List<String> ids = new ArrayList<>();
  private final DocsById table = new DocsById(ids::get);

  private int newDoc(String id) {
    ids.add(id);
    return ids.size() - 1;
  }

  @Test
  void shouldFindNothingForAnIdNeverAdded() {
    table.add("lead-1", newDoc("lead-1"));

    assertThat(table.get("lead-2")).isEqualTo(-1);
  }

  @Test
  void shouldRefuseAnIdThatHasADocAlready() {
    table.add("lead-1", newDoc("lead-1"));

    assertThat(table.add("lead-1", newDoc("lead-1"))).isFalse();
    assertThat(table.get("lead-1")).isZero();
    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  void shouldAnswerAsAHashMapUnderRandomAddsAndRemoves() {
    Seeded.check(
        50,
        random -> {
          List<String> byDoc = new ArrayList<>();
          DocsById docs = new DocsById(byDoc::get);
          Map<String, Integer> expected = new HashMap<>();
          // Few distinct ids against many operations: long runs of collisions, removals inside
          // them and runs wrapping around the table's end.
          int distinct = 1 + random.nextInt(300);
          if (random.nextBoolean()) {
            docs.expect(random.nextInt(distinct));
          }
          for (int step = 0; step < 3_000; step++) {
            String id = "lead-" + random.nextInt(distinct);
            switch (random.nextInt(3)) {
              case 0 -> {
                byDoc.add(id);
                int doc = byDoc.size() - 1;
                boolean added = docs.add(id, doc);
                assertThat(added).as("add %s", id).isEqualTo(!expected.containsKey(id));
                expected.putIfAbsent(id, doc);
              }
              case 1 -> {
                Integer removed = expected.remove(id);
                assertThat(docs.remove(id)).as("remove %s", id).isEqualTo(removed == null ? -1 : removed);
              }
              default -> {
                Integer doc = expected.get(id);
                assertThat(docs.get(id)).as("get %s", id).isEqualTo(doc == null ? -1 : doc);
              }
            }
            assertThat(docs.size()).isEqualTo(expected.size());
          }
          expected.forEach((id, doc) -> assertThat(docs.get(id)).as("finally %s", id).isEqualTo(doc));
        });
  }
}
