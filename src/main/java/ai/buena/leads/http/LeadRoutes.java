package ai.buena.leads.http;

import ai.buena.leads.auth.ApiKeyRecord;
import ai.buena.leads.consistency.ConsistencyToken;
import ai.buena.leads.consistency.ConsistencyTokens;
import ai.buena.leads.events.EventParser;
import ai.buena.leads.http.ListLeadsParams.ParseResult;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import ai.buena.leads.lead.StoredLeads;
import ai.buena.leads.query.Answered;
import ai.buena.leads.query.LeadPage;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.LeadQueryService;
import ai.buena.leads.query.Pagination;
import ai.buena.leads.query.Staleness;
import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.http.Context;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.function.Consumer;

/**
 * {@code GET /api/v2/leads} and {@code GET /api/v2/leads/{id}}, within the key's workspace. A read
 * that carries {@code X-Consistency-Token} is answered once the projection has processed the
 * token's event (see {@link LeadQueryService}); a token this cluster did not issue is a 400.
 */
final class LeadRoutes {
  static final String ID = "id";
  static final String INVALID_TOKEN = ConsistencyHeader.INVALID_TOKEN;

  private final LeadQueryService queries;
  private final CursorSignatures cursors;
  private final ConsistencyTokens tokens;
  private final Consumer<String> staleAnswered;

  LeadRoutes(LeadQueryService queries, CursorSignatures cursors, ConsistencyTokens tokens) {
    this(queries, cursors, tokens, route -> {});
  }

  /** @param staleAnswered told the route of every answer read partly from standby copies */
  LeadRoutes(
      LeadQueryService queries,
      CursorSignatures cursors,
      ConsistencyTokens tokens,
      Consumer<String> staleAnswered) {
    this.queries = queries;
    this.cursors = cursors;
    this.tokens = tokens;
    this.staleAnswered = staleAnswered;
  }

  void list(Context ctx) {
    ApiKeyRecord key = Authenticator.key(ctx);
    // a malformed escape in a parameter's value makes that parameter invalid (named with the
    // others); in a parameter the list does not know, it is ignored with the parameter
    Map<String, List<String>> raw = QueryString.decodeKeepingMalformed(ctx.queryString());
    ParseResult parsed = ListLeadsParams.parse(raw, cursors);
    ConsistencyHeader after = ConsistencyHeader.of(ctx, tokens);
    Map<String, String> invalid = new LinkedHashMap<>();
    if (parsed instanceof ParseResult.Invalid invalidParams) {
      invalid.putAll(invalidParams.invalidParams());
    }
    if (after.invalid()) {
      invalid.put(ConsistencyTokens.HEADER, INVALID_TOKEN);
    }
    if (!invalid.isEmpty()) {
      throw after.invalid() ? ApiError.invalidRequest(invalid) : ApiError.invalidParams(invalid);
    }
    ParseResult.Valid valid = (ParseResult.Valid) parsed;
    LeadQuery query = valid.query();
    LeadPage page = queries.list(key.workspaceId(), query, after.token());
    labelStale(ctx, page.staleness(), ApiServer.LEADS);
    JsonBody.success(
        ctx,
        g -> {
          writeLeads(g, page.leads());
          writePagination(g, page, query.after() != null, valid.pageBeyondInt(), cursors);
        });
  }

  void get(Context ctx) {
    ApiKeyRecord key = Authenticator.key(ctx);
    String id = ctx.pathParam(ID);
    ConsistencyHeader after = ConsistencyHeader.of(ctx, tokens);
    if (after.invalid()) {
      throw ApiError.invalidRequest(Map.of(ConsistencyTokens.HEADER, INVALID_TOKEN));
    }
    if (!EventParser.isLeadId(id)) {
      // no event can create it, and no instance need be asked
      throw ApiError.leadNotFound();
    }
    Answered<Optional<Lead>> found = queries.find(key.workspaceId(), id, after.token());
    labelStale(ctx, found.staleness(), ApiServer.LEAD);
    Lead lead = found.value().orElseThrow(ApiError::leadNotFound);
    JsonBody.success(
        ctx,
        g -> {
          g.writeFieldName("lead");
          LeadJson.write(g, lead, false);
        });
  }

  /** The leads' array; leads read from this instance's stores are copied as stored, not re-encoded. */
  private static void writeLeads(JsonGenerator g, List<Lead> leads) throws IOException {
    g.writeArrayFieldStart("leads");
    if (leads instanceof StoredLeads stored) {
      for (int i = 0; i < stored.size(); i++) {
        stored.writeAnswerForm(i, g);
      }
    } else {
      for (Lead lead : leads) {
        LeadJson.write(g, lead, false);
      }
    }
    g.writeEndArray();
  }

  private void labelStale(Context ctx, Staleness staleness, String route) {
    if (staleness.stale()) {
      StalenessHeader.set(ctx, staleness);
      staleAnswered.accept(route);
    }
  }

  /**
   * The page's pagination plus {@code nextCursor}. An answer to a cursor has no page number
   * ({@code page} is null), a previous page, and a next page exactly when it has a next cursor.
   * A page asked for beyond {@link Integer#MAX_VALUE} ({@code pageBeyondInt}, else null) is echoed
   * as asked.
   */
  private static void writePagination(
      JsonGenerator g,
      LeadPage page,
      boolean byCursor,
      BigInteger pageBeyondInt,
      CursorSignatures cursors)
      throws IOException {
    Pagination pagination = page.pagination();
    g.writeObjectFieldStart("pagination");
    if (byCursor) {
      g.writeNullField("page");
    } else if (pageBeyondInt != null) {
      g.writeFieldName("page");
      g.writeNumber(pageBeyondInt);
    } else {
      g.writeNumberField("page", pagination.page());
    }
    g.writeNumberField("limit", pagination.limit());
    g.writeNumberField("total", pagination.total());
    g.writeNumberField("pages", pagination.pages());
    boolean hasNextPage =
        byCursor
            ? page.nextCursor() != null
            : pageBeyondInt == null
                ? pagination.hasNextPage()
                : pageBeyondInt.compareTo(BigInteger.valueOf(pagination.pages())) < 0;
    g.writeBooleanField("hasNextPage", hasNextPage);
    g.writeBooleanField("hasPrevPage", byCursor || pagination.hasPrevPage());
    g.writeStringField(
        "nextCursor", page.nextCursor() == null ? null : cursors.sign(page.nextCursor()));
    g.writeEndObject();
  }
}
