package ai.buena.leads.query;

/** The {@code pagination} object of a leads answer. */
public record Pagination(
    int page, int limit, long total, long pages, boolean hasNextPage, boolean hasPrevPage) {

  public static Pagination of(int page, int limit, long total) {
    if (page < 1 || limit < 1 || total < 0) {
      throw new IllegalArgumentException(
          "need page >= 1, limit >= 1, total >= 0: " + page + ", " + limit + ", " + total);
    }
    long pages = total / limit + (total % limit == 0 ? 0 : 1);
    return new Pagination(page, limit, total, pages, page < pages, page > 1);
  }
}
