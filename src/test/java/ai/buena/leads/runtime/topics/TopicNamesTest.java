package ai.buena.leads.runtime.topics;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.projection.Names;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicNamesTest {
  private final TopicDeclarations declarations = TopicDeclarations.loadFromClasspath();

  @Test
  void shouldDeclareEveryTopicNamedInNames() {
    assertThat(declaredNames()).containsAll(topicConstants());
  }

  @Test
  void shouldHaveANamesConstantForEveryDeclaredTopic() {
    assertThat(topicConstants()).containsAll(declaredNames());
  }

  @Test
  void shouldDeclareAtLeastOnePartitionAndReplicaForEveryTopic() {
    assertThat(declarations.all())
        .allSatisfy(
            declaration -> {
              assertThat(declaration.partitions()).as(declaration.name()).isGreaterThanOrEqualTo(1);
              assertThat(declaration.replication())
                  .as(declaration.name())
                  .isGreaterThanOrEqualTo(1);
            });
  }

  @Test
  void shouldNameWritersAndReadersOfEveryTopic() {
    assertThat(declarations.all())
        .allSatisfy(
            declaration -> {
              assertThat(declaration.writers()).as(declaration.name()).isNotEmpty();
              assertThat(declaration.readers()).as(declaration.name()).isNotEmpty();
            });
  }

  private List<String> declaredNames() {
    return declarations.all().stream().map(TopicDeclaration::name).toList();
  }

  private static List<String> topicConstants() {
    return Arrays.stream(Names.class.getDeclaredFields())
        .filter(TopicNamesTest::isPublicStringConstant)
        .filter(field -> !field.getName().endsWith("_STORE"))
        .filter(field -> !field.getName().equals("DEFAULT_APPLICATION_ID"))
        .map(TopicNamesTest::valueOf)
        .toList();
  }

  private static boolean isPublicStringConstant(Field field) {
    int modifiers = field.getModifiers();
    return Modifier.isPublic(modifiers)
        && Modifier.isStatic(modifiers)
        && Modifier.isFinal(modifiers)
        && field.getType() == String.class;
  }

  private static String valueOf(Field field) {
    try {
      return (String) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
