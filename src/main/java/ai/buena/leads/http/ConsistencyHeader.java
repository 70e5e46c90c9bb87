package ai.buena.leads.http;

import ai.buena.leads.consistency.ConsistencyToken;
import ai.buena.leads.consistency.ConsistencyTokens;
import io.javalin.http.Context;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What a request's {@code X-Consistency-Token} says: no token (null) without the header, invalid
 * when it is not exactly one token this cluster issued (given twice, empty, garbage, forged or
 * changed).
 */
record ConsistencyHeader(ConsistencyToken token, boolean invalid) {
  static final String INVALID_TOKEN =
      "Must be an X-Consistency-Token from a write answer of this service, given once";

  static ConsistencyHeader of(Context ctx, ConsistencyTokens tokens) {
    List<String> values = Collections.list(ctx.req().getHeaders(ConsistencyTokens.HEADER));
    if (values.isEmpty()) {
      return new ConsistencyHeader(null, false);
    }
    Optional<ConsistencyToken> token =
        values.size() == 1 ? tokens.verified(values.get(0).strip()) : Optional.empty();
    return new ConsistencyHeader(token.orElse(null), token.isEmpty());
  }
}
