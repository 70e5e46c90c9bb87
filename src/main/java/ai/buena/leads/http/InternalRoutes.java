package ai.buena.leads.http;

import ai.buena.leads.consistency.ConsistencyToken;
import ai.buena.leads.events.InstantText;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import ai.buena.leads.lead.StoredLeads;
import ai.buena.leads.query.AppliedEvent;
import ai.buena.leads.query.Answered;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.LocalLeadQueryService;
import ai.buena.leads.query.PartialAnswer;
import ai.buena.leads.query.Window;
import ai.buena.leads.query.SortKey;
import ai.buena.leads.query.StandbyBound;
import java.time.Instant;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The routes instances call on each other (cluster credential required): this instance's share of
 * a list answer for the partitions asked (its total and the positions of its first matches; the
 * query comes as parameter {@code query}, {@link LeadQueryEncoding}, absent meaning the defaults;
 * with {@code withLeads=1}, also the leads at those positions as the store holds them), the
 * leads of a page by id, and one lead of a partition it owns. The caller's
 * workspace travels as a parameter; these routes never answer across workspaces. Parameter {@code
 * after=partition:offset} (a consistency token's event, already verified by the instance the client
 * called) makes the share or the lead wait until this instance has processed that event. With
 * parameter {@code maxStaleness=<records>} the instance may answer a partition whose active it does
 * not hold from its standby copy, or from the copy it kept when the partition's task left it (a
 * retired copy, which other instances' metadata does not show: they ask every instance for it last),
 * at most that far behind, and says so in {@link StalenessHeader}; holding no such copy, it answers
 * 503 at once. A 503 that no other copy would change says so in {@link #NO_OTHER_COPY}.
 */
final class InternalRoutes {
  static final String PREFIX = "/internal/";
  /**
   * On an internal 503: the instance could not answer for a reason no other copy would change
   * (the token's event not processed in time on its active, or too many reads waiting there), so
   * the caller answers 503 at once instead of asking again or elsewhere.
   */
  static final String NO_OTHER_COPY = "X-Lead-No-Other-Copy";
  static final String PARTIALS = "/internal/v1/partials";
  static final String LEAD = "/internal/v1/leads/{id}";
  static final String WORKSPACE = "workspace";
  static final String PARTITIONS = "partitions";
  static final String LEADS = "/internal/v1/leads";
  static final String IDS = "ids";
  static final String APPLIED_EVENT = "/internal/v1/applied-event";
  static final String LEAD_PARAM = "lead";
  static final String EVENT_PARAM = "event";
  static final String AFTER = "after";
  /** {@code 1}: the share carries the stored JSON of the leads at its positions too. */
  static final String WITH_LEADS = "withLeads";
  /** A {@link Window}'s offset: with the next three, the share asked is a run of matches. */
  static final String WINDOW_OFFSET = "windowOffset";
  /** A {@link Window}'s total, the matches the asking instance counted. */
  static final String WINDOW_TOTAL = "windowTotal";
  /** A {@link Window}'s standard deviations each side. */
  static final String WINDOW_SIGMAS = "windowSigmas";
  /** A {@link Window}'s slack in positions; absent: none. */
  static final String WINDOW_SLACK = "windowSlack";
  private static final Pattern COUNT = Pattern.compile("\\d{1,18}");
  private static final Pattern EVENT_POSITION = Pattern.compile("\\d{1,9}:\\d{1,18}");
  /** Present: the instance may answer from standby copies at most this many records behind. */
  static final String MAX_STALENESS = "maxStaleness";
  private static final Pattern ONE = Pattern.compile("1");
  private static final Pattern RECORDS = Pattern.compile("[1-9]\\d{0,17}");
  private static final Pattern ID_LIST = Pattern.compile("[A-Za-z0-9_-]{1,100}(,[A-Za-z0-9_-]{1,100}){0,127}");
  private static final Pattern WORKSPACE_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");
  private static final Pattern ID = WORKSPACE_ID;
  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]{1,1000000}");
  private static final Pattern PARTITION_LIST = Pattern.compile("\\d{1,4}(,\\d{1,4}){0,1023}");

  private final LocalLeadQueryService local;

  InternalRoutes(LocalLeadQueryService local) {
    this.local = local;
  }

  void partials(Context ctx) {
    Map<String, List<String>> raw =
        QueryString.decode(ctx.queryString()).orElseThrow(ApiError::malformedQueryString);
    String workspace = single(raw, WORKSPACE, WORKSPACE_ID);
    Set<Integer> partitions = new TreeSet<>();
    for (String partition : single(raw, PARTITIONS, PARTITION_LIST).split(",")) {
      partitions.add(Integer.parseInt(partition));
    }
    LeadQuery query =
        raw.containsKey(LeadQueryEncoding.PARAM)
            ? LeadQueryEncoding.decode(single(raw, LeadQueryEncoding.PARAM, BASE64URL))
                .orElseThrow(
                    () ->
                        ApiError.invalidParams(
                            Map.of(LeadQueryEncoding.PARAM, "Must be an encoded query")))
            : LeadQuery.defaults();
    boolean withLeads = flag(raw, WITH_LEADS);
    Window window = window(raw);
    PartialAnswer answer =
        local.partial(workspace, query, partitions, standbyBound(raw), after(raw), withLeads, window);
    StalenessHeader.setInternal(ctx, answer.staleness());
    JsonBody.send(
        ctx,
        io.javalin.http.HttpStatus.OK,
        g -> {
          g.writeStartObject();
          g.writeNumberField("total", answer.total());
          if (window != null) {
            g.writeNumberField("from", answer.from());
          }
          g.writeArrayFieldStart("keys");
          for (SortKey key : answer.first()) {
            g.writeStartArray();
            if (key.value() instanceof Instant time) {
              g.writeString("i");
              g.writeString(InstantText.format(time));
            } else if (key.value() instanceof String text) {
              g.writeString("s");
              g.writeString(text);
            } else {
              g.writeString("n");
              g.writeNull();
            }
            g.writeString(key.id());
            g.writeEndArray();
          }
          g.writeEndArray();
          if (answer.hasLeads() && !answer.first().isEmpty()) {
            g.writeArrayFieldStart("leads");
            for (byte[] lead : answer.leads()) {
              StoredLeads.writeStoredForm(g, lead);
            }
            g.writeEndArray();
          }
          g.writeEndObject();
        });
  }

  void lead(Context ctx) {
    Map<String, List<String>> raw =
        QueryString.decode(ctx.queryString()).orElseThrow(ApiError::malformedQueryString);
    String workspace = single(raw, WORKSPACE, WORKSPACE_ID);
    Answered<Optional<Lead>> found =
        local.find(workspace, ctx.pathParam("id"), standbyBound(raw), after(raw));
    StalenessHeader.setInternal(ctx, found.staleness());
    Lead lead = found.value().orElseThrow(ApiError::leadNotFound);
    JsonBody.send(
        ctx,
        io.javalin.http.HttpStatus.OK,
        g -> {
          g.writeStartObject();
          g.writeFieldName("lead");
          LeadJson.write(g, lead, true);
          g.writeEndObject();
        });
  }

  void leads(Context ctx) {
    Map<String, List<String>> raw =
        QueryString.decode(ctx.queryString()).orElseThrow(ApiError::malformedQueryString);
    String workspace = single(raw, WORKSPACE, WORKSPACE_ID);
    List<String> ids = List.of(single(raw, IDS, ID_LIST).split(","));
    Answered<Map<String, Lead>> answered = local.leads(workspace, ids, standbyBound(raw));
    StalenessHeader.setInternal(ctx, answered.staleness());
    Map<String, Lead> found = answered.value();
    JsonBody.send(
        ctx,
        io.javalin.http.HttpStatus.OK,
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("leads");
          for (Lead lead : found.values()) {
            LeadJson.write(g, lead, true);
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  /**
   * Whether this instance's active partition of the lead applied the event: {@code {"seen":
   * false}}, or {@code {"seen": true, "fingerprint": <hex or null>}}; 503 when the partition's
   * active is not here.
   */
  void appliedEvent(Context ctx) {
    Map<String, List<String>> raw =
        QueryString.decode(ctx.queryString()).orElseThrow(ApiError::malformedQueryString);
    String leadId = single(raw, LEAD_PARAM, ID);
    String eventId = single(raw, EVENT_PARAM, ID);
    Optional<AppliedEvent> applied = local.appliedEvent(leadId, eventId, after(raw));
    JsonBody.send(
        ctx,
        io.javalin.http.HttpStatus.OK,
        g -> {
          g.writeStartObject();
          g.writeBooleanField("seen", applied.isPresent());
          if (applied.isPresent()) {
            g.writeStringField("fingerprint", applied.get().fingerprint().orElse(null));
          }
          g.writeEndObject();
        });
  }

  /** The event named by {@code after}, or null without one. */
  private static ConsistencyToken after(Map<String, List<String>> raw) {
    if (!raw.containsKey(AFTER)) {
      return null;
    }
    String[] position = single(raw, AFTER, EVENT_POSITION).split(":");
    return ConsistencyToken.of(Integer.parseInt(position[0]), Long.parseLong(position[1]));
  }

  /** The window asked for, or null when the share is the first matches. */
  private static Window window(Map<String, List<String>> raw) {
    if (!raw.containsKey(WINDOW_OFFSET) && !raw.containsKey(WINDOW_TOTAL) && !raw.containsKey(WINDOW_SIGMAS)) {
      return null;
    }
    long sigmas = Long.parseLong(single(raw, WINDOW_SIGMAS, COUNT));
    if (!Window.validSigmas(sigmas)) {
      throw ApiError.invalidParams(Map.of(WINDOW_SIGMAS, "Must be given once and be valid"));
    }
    return new Window(
        Long.parseLong(single(raw, WINDOW_OFFSET, COUNT)),
        Long.parseLong(single(raw, WINDOW_TOTAL, COUNT)),
        (int) sigmas,
        raw.containsKey(WINDOW_SLACK) ? Long.parseLong(single(raw, WINDOW_SLACK, COUNT)) : 0);
  }

  private static StandbyBound standbyBound(Map<String, List<String>> raw) {
    return raw.containsKey(MAX_STALENESS)
        ? new StandbyBound(Long.parseLong(single(raw, MAX_STALENESS, RECORDS)))
        : StandbyBound.OFF;
  }

  /** Absent: false; {@code 1}: true; anything else is refused as any invalid parameter. */
  private static boolean flag(Map<String, List<String>> raw, String name) {
    return raw.containsKey(name) && single(raw, name, ONE) != null;
  }

  private static String single(Map<String, List<String>> raw, String name, Pattern valid) {
    List<String> values = raw.get(name);
    if (values == null || values.size() != 1 || !valid.matcher(values.get(0)).matches()) {
      throw ApiError.invalidParams(Map.of(name, "Must be given once and be valid"));
    }
    return values.get(0);
  }
}
