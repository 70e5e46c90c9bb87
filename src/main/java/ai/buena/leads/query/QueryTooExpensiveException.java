package ai.buena.leads.query;

/**
 * The query needs more work than one request may use (its work budget); it is not answered at all
 * rather than partly. Retrying the same query gives the same answer: the client must narrow it.
 */
public final class QueryTooExpensiveException extends RuntimeException {
  public QueryTooExpensiveException(String reason) {
    super(reason, null, false, false);
  }
}
