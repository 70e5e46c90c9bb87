package ai.buena.leads.http;

import ai.buena.leads.http.ListLeadsParams.ParseResult;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.LocalLeadQueryService;
import ai.buena.leads.query.PartialAnswer;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The routes instances call on each other (cluster credential required): this instance's share of
 * a list answer for the partitions asked, and one lead of a partition it owns. The caller's
 * workspace travels as a parameter; these routes never answer across workspaces.
 */
final class InternalRoutes {
  static final String PARTIALS = "/internal/v1/partials";
  static final String LEAD = "/internal/v1/leads/{id}";
  static final String WORKSPACE = "workspace";
  static final String PARTITIONS = "partitions";
  private static final Pattern WORKSPACE_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");
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
    ParseResult parsed = ListLeadsParams.parseForwarded(raw);
    if (parsed instanceof ParseResult.Invalid invalid) {
      throw ApiError.invalidParams(invalid.invalidParams());
    }
    LeadQuery query = ((ParseResult.Valid) parsed).query();
    PartialAnswer answer = local.partial(workspace, query, partitions);
    JsonBody.send(
        ctx,
        io.javalin.http.HttpStatus.OK,
        g -> {
          g.writeStartObject();
          g.writeNumberField("total", answer.total());
          g.writeArrayFieldStart("leads");
          for (Lead lead : answer.first()) {
            LeadJson.write(g, lead, true);
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  void lead(Context ctx) {
    Map<String, List<String>> raw =
        QueryString.decode(ctx.queryString()).orElseThrow(ApiError::malformedQueryString);
    String workspace = single(raw, WORKSPACE, WORKSPACE_ID);
    Lead lead =
        local.get(workspace, ctx.pathParam("id")).orElseThrow(ApiError::leadNotFound);
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

  private static String single(Map<String, List<String>> raw, String name, Pattern valid) {
    List<String> values = raw.get(name);
    if (values == null || values.size() != 1 || !valid.matcher(values.get(0)).matches()) {
      throw ApiError.invalidParams(Map.of(name, "Must be given once and be valid"));
    }
    return values.get(0);
  }
}
