package ai.buena.leads.runtime.topics;

import ai.buena.leads.projection.Names;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** The topics of {@code topics/topics.yaml}, in declaration order. */
public final class TopicDeclarations {
  public static final String CLASSPATH_RESOURCE = "topics/topics.yaml";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Map<String, TopicDeclaration> byName;
  /** The topics declared with as many partitions as {@code lead-events}: {@code --partitions} sets theirs. */
  private final Set<String> perLead;

  private TopicDeclarations(List<TopicDeclaration> declarations) {
    this(declarations, null);
  }

  private TopicDeclarations(List<TopicDeclaration> declarations, Set<String> perLead) {
    Map<String, TopicDeclaration> map = new LinkedHashMap<>();
    for (TopicDeclaration declaration : declarations) {
      if (map.put(declaration.name(), declaration) != null) {
        throw new IllegalArgumentException("Topic " + declaration.name() + " is declared twice");
      }
    }
    this.byName = map;
    Set<String> following = perLead != null ? perLead : partitionedLike(Names.LEAD_EVENTS);
    this.perLead = following == null ? null : Set.copyOf(following);
  }

  /** Null when {@code reference} is not declared here: then which topics follow it is unknown. */
  private Set<String> partitionedLike(String reference) {
    TopicDeclaration declared = byName.get(reference);
    if (declared == null) {
      return null;
    }
    return byName.values().stream()
        .filter(d -> d.partitions() == declared.partitions())
        .map(TopicDeclaration::name)
        .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Whether {@code --partitions} sets the partitions of the topic {@code name} (a per-lead topic);
   * true when unknown (declarations without {@code lead-events}).
   */
  public boolean followsPartitionsOption(String name) {
    return perLead == null || perLead.contains(name);
  }

  public static TopicDeclarations of(List<TopicDeclaration> declarations) {
    return new TopicDeclarations(declarations);
  }

  public static TopicDeclarations loadFromClasspath() {
    ClassLoader loader = TopicDeclarations.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(CLASSPATH_RESOURCE + " is not on the classpath");
      }
      return parse(in, "classpath:" + CLASSPATH_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read classpath:" + CLASSPATH_RESOURCE, e);
    }
  }

  public static TopicDeclarations load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + file, e);
    }
  }

  /** The same declarations under other names, e.g. a cluster's prefix. */
  public TopicDeclarations renamed(UnaryOperator<String> actualName) {
    return new TopicDeclarations(
        byName.values().stream()
            .map(declaration -> declaration.withName(actualName.apply(declaration.name())))
            .toList(),
        perLead == null ? null : perLead.stream().map(actualName).collect(Collectors.toSet()));
  }

  /**
   * The same declarations with {@code partitions} for {@code reference} and every topic declared with
   * as many partitions as it (the per-lead topics), e.g. a cluster sized for more leads.
   */
  public TopicDeclarations withPartitionsLike(String reference, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, not " + partitions);
    }
    Set<String> following = partitionedLike(reference);
    if (following == null) {
      throw new NoSuchElementException("Topic " + reference + " is not declared in " + CLASSPATH_RESOURCE);
    }
    return new TopicDeclarations(
        byName.values().stream()
            .map(d -> following.contains(d.name()) ? d.withPartitions(partitions) : d)
            .toList(),
        following);
  }

  public List<TopicDeclaration> all() {
    return List.copyOf(byName.values());
  }

  public TopicDeclaration get(String name) {
    TopicDeclaration declaration = byName.get(name);
    if (declaration == null) {
      throw new NoSuchElementException(
          "Topic " + name + " is not declared in " + CLASSPATH_RESOURCE);
    }
    return declaration;
  }

  private static TopicDeclarations parse(InputStream in, String source) throws IOException {
    TopicsFile file;
    try {
      file = YAML.readValue(in, TopicsFile.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "Invalid " + source + ": " + e.getOriginalMessage() + locationOf(e), e);
    }
    if (file == null || file.topics() == null || file.topics().isEmpty()) {
      throw new IllegalStateException(source + " declares no topics under 'topics:'");
    }
    List<TopicDeclaration> declarations = new ArrayList<>();
    file.topics().forEach((name, topic) -> declarations.add(topic.toDeclaration(name, source)));
    return new TopicDeclarations(declarations);
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
  }

  private record TopicsFile(LinkedHashMap<String, TopicEntry> topics) {}

  private record TopicEntry(
      Integer partitions,
      Integer replication,
      Map<String, String> configs,
      List<String> writers,
      List<String> readers,
      String description,
      Boolean output) {

    TopicDeclaration toDeclaration(String name, String source) {
      if (partitions == null || replication == null) {
        throw new IllegalStateException(
            "Topic " + name + " in " + source + " must declare partitions and replication");
      }
      return new TopicDeclaration(
          name, partitions, replication, configs, writers, readers, description,
          Boolean.TRUE.equals(output));
    }
  }
}
