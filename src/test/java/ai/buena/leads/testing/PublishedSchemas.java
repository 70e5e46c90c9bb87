package ai.buena.leads.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The JSON Schemas of {@code schemas/} (draft 2020-12), loaded from the repository as consumers get
 * them, with {@code format} asserted (date-time).
 */
public final class PublishedSchemas {
  public static final String BASE = "https://schemas.buena.ai/lead-projection/";
  private static final Path DIRECTORY = Path.of("schemas");
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          builder ->
              builder
                  .schemaRegistryConfig(
                      SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build())
                  .schemas(PublishedSchemas::read));

  private PublishedSchemas() {}

  /** The schema of {@code schemas/<file>}. */
  public static Schema of(String file) {
    return REGISTRY.getSchema(SchemaLocation.of(BASE + file));
  }

  /** Every problem the schema finds in the value; empty when it is valid. */
  public static List<String> problems(String file, JsonNode value) {
    return of(file).validate(value).stream().map(Error::toString).toList();
  }

  private static String read(String iri) {
    if (!iri.startsWith(BASE)) {
      return null;
    }
    try {
      return Files.readString(DIRECTORY.resolve(iri.substring(BASE.length())), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
