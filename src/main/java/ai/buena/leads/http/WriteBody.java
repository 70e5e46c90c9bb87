package ai.buena.leads.http;

import ai.buena.leads.events.BoundedJsonTree;
import ai.buena.leads.events.FieldRules;
import ai.buena.leads.events.Utf8;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of a write (write-api.md): {@code application/json} (else 415), at most 64 KiB (else
 * 413), one JSON object (else 400); then the fields of a create or an update, every broken one
 * named, with the field rules of events.md.
 */
final class WriteBody {
  private static final Logger LOG = LoggerFactory.getLogger(WriteBody.class);
  static final int MAX_BYTES = 64 * 1024;
  static final String INDUSTRY = "industry";

  private static final Set<String> CREATE_FIELDS =
      Set.of(
          "firstName", "lastName", "email", "company", "title", "phone", "linkedinUrl", "location",
          "source", "notes", "tags", "customFields", INDUSTRY);
  private static final Set<String> UPDATE_FIELDS =
      Set.of(
          "firstName", "lastName", "email", "company", "title", "phone", "linkedinUrl", "location",
          "source", "notes", "status", "tags", "customFields");
  private static final int MAX_NESTING = 20;
  private static final List<String> REQUIRED = List.of("firstName", "lastName", "email");
  /** What an update cannot set to null: the required fields, and the two every lead has a value of. */
  private static final List<String> NEVER_CLEARED =
      List.of("firstName", "lastName", "email", "status", "source");

  private static final ObjectMapper MAPPER = mapper();

  private WriteBody() {}

  /**
   * The request's body as a JSON object, or the 415, 413 or 400 the rules give. The body must
   * arrive whole within {@code deadline} of the handler's start: a client trickling it holds one of
   * the write permits and a thread only that long (the idle timeout alone is reset by every byte).
   */
  static Parsed read(Context ctx, Duration deadline) {
    // two Content-Type fields name no one type (RFC 9110 §5.3): the first is not the answer
    List<String> contentTypes = Collections.list(ctx.req().getHeaders("Content-Type"));
    if (contentTypes.size() != 1 || !json(contentTypes.get(0))) {
      throw ApiError.unsupportedMediaType();
    }
    long declared = ctx.req().getContentLengthLong();
    if (declared > MAX_BYTES) {
      throw ApiError.payloadTooLarge(MAX_BYTES);
    }
    byte[] bytes = bytes(ctx, deadline);
    if (bytes.length > MAX_BYTES) {
      throw ApiError.payloadTooLarge(MAX_BYTES);
    }
    JsonNode root;
    if (!Utf8.jsonText(bytes)) {
      throw ApiError.invalidBody(Map.of("body", "Must be one JSON object"));
    }
    Map<String, String> duplicates = new LinkedHashMap<>();
    try (JsonParser parser = MAPPER.createParser(bytes)) {
      try {
        root = BoundedJsonTree.read(parser, duplicates::putIfAbsent);
      } catch (StreamConstraintsException tooDeep) {
        throw nestedTooDeep(parser.getParsingContext()).orElseThrow(() -> tooDeep);
      }
      if (parser.nextToken() != null) {
        root = null;
      }
    } catch (ApiError named) {
      throw named;
    } catch (IOException | RuntimeException notJson) {
      root = null;
    }
    if (!(root instanceof ObjectNode object)) {
      throw ApiError.invalidBody(Map.of("body", "Must be one JSON object"));
    }
    return new Parsed(object, Map.copyOf(duplicates));
  }

  /**
   * The 400 naming the body field whose value nests deeper than the parser reads, from where the
   * parser stopped; empty when the body is not an object (then it is not one JSON object).
   */
  private static Optional<ApiError> nestedTooDeep(JsonStreamContext stopped) {
    JsonStreamContext context = stopped;
    while (context != null && context.getParent() != null && !context.getParent().inRoot()) {
      context = context.getParent();
    }
    if (context == null || !context.inObject() || context.getCurrentName() == null) {
      return Optional.empty();
    }
    String field = context.getCurrentName();
    return Optional.of(
        ApiError.invalidBody(
            Map.of(
                field,
                CREATE_FIELDS.contains(field) || UPDATE_FIELDS.contains(field)
                    ? "Must not nest more than " + MAX_NESTING + " levels deep"
                    : "Unknown field")));
  }

  /**
   * A body read as one JSON object: a name given twice keeps its last value there, and {@code
   * duplicates} holds, per body field, the path of its first duplicated name, to be named beside
   * the body's other problems.
   */
  record Parsed(ObjectNode object, Map<String, String> duplicates) {
    /** Each field with a duplicated name as a problem; beside a rule it breaks, both. */
    void nameDuplicates(Map<String, String> problems) {
      object.fieldNames().forEachRemaining(field -> {
        String path = duplicates.get(field);
        if (path != null) {
          String message = path.equals(field) ? "Must be given once" : path + " must be given once";
          problems.merge(field, message, (rule, duplicate) -> duplicate + "; " + rule);
        }
      });
    }
  }

  /**
   * Whether a {@code Content-Type} is {@code application/json}, with no {@code charset} or {@code
   * charset=utf-8} (JSON is UTF-8, RFC 8259: a body declared in another charset would be read
   * wrongly); other parameters are allowed.
   */
  static boolean json(String contentType) {
    if (contentType == null) {
      return false;
    }
    String[] parts = contentType.split(";");
    if (!parts[0].trim().equalsIgnoreCase(JsonBody.CONTENT_TYPE)) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String[] parameter = parts[i].split("=", 2);
      if (parameter[0].trim().equalsIgnoreCase("charset")) {
        String charset = parameter.length < 2 ? "" : parameter[1].trim();
        if (charset.length() >= 2 && charset.startsWith("\"") && charset.endsWith("\"")) {
          charset = charset.substring(1, charset.length() - 1);
        }
        if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * At most {@link #MAX_BYTES} + 1 bytes of the body; 400 when the connection ends first, or when
   * the deadline closes it (the answer then goes nowhere).
   */
  private static byte[] bytes(Context ctx, Duration deadline) {
    ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
    EndPoint connection = request.getConnectionMetaData().getConnection().getEndPoint();
    AtomicBoolean late = new AtomicBoolean();
    Scheduler.Task cut =
        request
            .getConnectionMetaData()
            .getConnector()
            .getScheduler()
            .schedule(
                () -> {
                  late.set(true);
                  connection.close(new TimeoutException("write body not whole after " + deadline));
                },
                deadline.toMillis(),
                TimeUnit.MILLISECONDS);
    try (InputStream in = ctx.req().getInputStream()) {
      return in.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      LOG.debug("{} {}: the body did not arrive whole ({})", ctx.method(), ctx.path(), e.toString());
      throw ApiError.invalidBody(
          Map.of(
              "body",
              late.get()
                  ? "Not received whole within " + deadline.toSeconds() + " s"
                  : "Ended before it was whole"));
    } finally {
      cut.cancel();
    }
  }

  /** The {@code data} of the LeadCreated a create emits; {@code problems} gets every broken field. */
  static ObjectNode createData(Parsed body, Map<String, String> problems) {
    ObjectNode data = known(body.object(), CREATE_FIELDS, problems);
    for (String required : REQUIRED) {
      JsonNode value = data.get(required);
      if (value == null || value.isNull()) {
        problems.put(required, "Is required");
      }
    }
    notBlank(data, problems);
    JsonNode industry = data.remove(INDUSTRY);
    if (industry != null && !industry.isNull()) {
      ObjectNode asCustomField = JsonNodeFactory.instance.objectNode();
      asCustomField.set("customFields", JsonNodeFactory.instance.objectNode().set(INDUSTRY, industry));
      FieldRules.problems(asCustomField, true)
          .values()
          .forEach(message -> problems.put(INDUSTRY, message));
      if (!problems.containsKey(INDUSTRY)) {
        JsonNode custom = data.get("customFields");
        if (custom == null || custom.isNull()) {
          data.set("customFields", JsonNodeFactory.instance.objectNode().set(INDUSTRY, industry));
        } else if (custom instanceof ObjectNode customObject) {
          customObject.set(INDUSTRY, industry);
        }
      }
    }
    addRuleProblems(data, true, problems);
    body.nameDuplicates(problems);
    withoutNulls(data);
    return data;
  }

  /**
   * A create's data without its nulls (a create's null means absent, also in {@code
   * customFields}): the event carries only the values it sets.
   */
  private static void withoutNulls(ObjectNode data) {
    data.properties().removeIf(field -> field.getValue().isNull());
    if (data.get("customFields") instanceof ObjectNode custom) {
      custom.properties().removeIf(field -> field.getValue().isNull());
    }
  }

  /** The merge patch of the LeadUpdated an update emits; {@code problems} gets every broken field. */
  static ObjectNode updatePatch(Parsed body, Map<String, String> problems) {
    ObjectNode patch = known(body.object(), UPDATE_FIELDS, problems);
    if (body.object().isEmpty()) {
      problems.put("body", "Must contain at least one field");
    }
    for (String kept : NEVER_CLEARED) {
      JsonNode value = patch.get(kept);
      if (value != null && value.isNull()) {
        problems.put(kept, "Cannot be cleared");
      }
    }
    notBlank(patch, problems);
    addRuleProblems(patch, false, problems);
    body.nameDuplicates(problems);
    return patch;
  }

  /**
   * What identifies the request for {@code Idempotency-Key} reuse: SHA-256 of the body with every
   * object's keys sorted, so spacing and key order do not make two requests differ.
   */
  static String fingerprint(ObjectNode body) {
    try {
      byte[] canonical = MAPPER.writeValueAsBytes(sorted(body));
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  private static ObjectNode known(ObjectNode body, Set<String> allowed, Map<String, String> problems) {
    ObjectNode known = JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (allowed.contains(field.getKey())) {
        known.set(field.getKey(), field.getValue().deepCopy());
      } else {
        problems.put(field.getKey(), "Unknown field");
      }
    }
    return known;
  }

  private static void notBlank(ObjectNode data, Map<String, String> problems) {
    for (String required : REQUIRED) {
      JsonNode value = data.get(required);
      if (value != null && value.isTextual() && UnicodeSpace.isBlank(value.textValue())) {
        problems.put(required, "Must not be blank");
      }
    }
  }

  private static void addRuleProblems(ObjectNode data, boolean create, Map<String, String> problems) {
    FieldRules.problems(data, create).forEach(problems::putIfAbsent);
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (String name : names) {
        out.set(name, sorted(node.get(name)));
      }
      return out;
    }
    if (node.isArray()) {
      var out = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> out.add(sorted(element)));
      return out;
    }
    return node;
  }

  private static ObjectMapper mapper() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING)
                    // a longer number is named, not converted (BoundedJsonTree)
                    .maxNumberLength(MAX_BYTES)
                    .build())
            .build();
    // duplicate names are found and named by BoundedJsonTree (Parsed#nameDuplicates)
    ObjectMapper mapper = new ObjectMapper(factory);
    mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    mapper.configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    return mapper;
  }
}
