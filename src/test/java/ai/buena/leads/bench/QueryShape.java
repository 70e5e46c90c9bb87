package ai.buena.leads.bench;

import java.util.List;

/** One request template of the query benchmarks: a short name and the query string it sends. */
record QueryShape(String name, String query) {

  /** Half-way through the generated timeline (two years up to 2026-01-01). */
  private static final String MID_DATA = "2025-06-01";

  /**
   * A request as a client we do not know might send one: any one filter of the kinds (or
   * none), any sort field and order, any page size, any of the first 30 pages.
   */
  static final String RANDOM_MIX =
      "{pick:|status=contacted&|status=new&|source=linkedin&|status=replied&source=website&"
          + "|company=Google&|company=acme%20software&|title=engineer&|title=manager&|search=john&"
          + "|search=jo&|search=john%20software&|search=son&|search=pet&|search=gmail&"
          + "|createdAfter=2025-01-01&createdBefore=2025-03-01&|lastContactedAfter=2025-06-01&"
          + "|status=contacted&lastContactedBefore=" + MID_DATA + "&}"
          + "sortBy={pick:createdAt|updatedAt|firstName|lastName|company|lastContactedAt}"
          + "&sortOrder={pick:asc|desc}&limit={pick:10|25|50|100}&page={page:30}";

  /**
   * Date ranges as a client we do not know might ask for them: a day, a week, a month or half a
   * year of {@code createdAt} or {@code lastContactedAt}, early, late or open on one side, alone or
   * with a status; any sort field and order, any page size, any of the first 30 pages.
   */
  static final String RANGE_MIX =
      "{pick:createdAfter=2024-03-01&createdBefore=2024-03-02&"
          + "|createdAfter=2025-03-01&createdBefore=2025-03-08&"
          + "|createdAfter=2025-11-01&createdBefore=2025-12-01&"
          + "|createdAfter=2024-01-01&createdBefore=2024-07-01&"
          + "|createdAfter=2025-06-01&|createdBefore=2024-06-01&"
          + "|lastContactedAfter=2025-12-01&"
          + "|lastContactedAfter=2025-01-01&lastContactedBefore=2025-01-08&"
          + "|lastContactedBefore=2024-06-01&"
          + "|status=contacted&createdAfter=2025-01-01&createdBefore=2025-02-01&"
          + "|status=new&createdAfter=2025-09-01&}"
          + "sortBy={pick:createdAt|updatedAt|firstName|lastName|company|lastContactedAt}"
          + "&sortOrder={pick:asc|desc}&limit={pick:10|25|50|100}&page={page:30}";

  /**
   * The shapes of the issue, plus a title filter and a created-date range, for a workspace of
   * {@code leads} generated leads. The export page is the middle of the data at 100 leads a page
   * (page 5,000 at 1,000,000 leads), so its cost grows with the data as a deep page's does.
   */
  static List<QueryShape> forLeads(int leads) {
    int middlePage = Math.max(1, leads / 200);
    return List.of(
        new QueryShape("basic", "limit=10"),
        new QueryShape("status+source+company", "status=contacted&source=linkedin&company=Google&limit=25"),
        new QueryShape("search", "search=john%20software&limit=20"),
        new QueryShape(
            "follow-up",
            "status=contacted&lastContactedBefore=" + MID_DATA
                + "&sortBy=lastContactedAt&sortOrder=asc&limit=100"),
        new QueryShape("segmentation", "sortBy=lastContactedAt&sortOrder=desc&limit=100"),
        new QueryShape("count-only", "status=new&limit=1"),
        new QueryShape(
            "export-page-" + middlePage,
            "page=" + middlePage + "&limit=100&sortBy=createdAt&sortOrder=asc"),
        new QueryShape("title", "title=engineer&limit=10"),
        new QueryShape("created-range", "createdAfter=2025-01-01&createdBefore=2025-07-01&limit=10"),
        new QueryShape("search-frequent", "search=john&limit=20"),
        new QueryShape("search-two-letters", "search=jo&limit=20"),
        new QueryShape("status+source", "status=contacted&source=linkedin&limit=25"));
  }

  /**
   * Shapes whose page changes with every request ({@code {page:N}}, see {@link ClosedLoop}), so an
   * answer is rarely the one just given: the follow-up list over its first 50 pages (5,000 leads),
   * a frequent term over its first 200 pages (4,000 leads), and any page of the whole export order
   * (every lead: more than any cache of this service holds at a million leads), a random mix of
   * filters, sorts, sizes and pages ({@code random-mix}), and one of date ranges ({@code
   * range-mix}).
   */
  static List<QueryShape> varied(int leads) {
    int exportPages = Math.max(1, leads / 100);
    return List.of(
        new QueryShape(
            "follow-up-50-pages",
            "status=contacted&lastContactedBefore=" + MID_DATA
                + "&sortBy=lastContactedAt&sortOrder=asc&limit=100&page={page:50}"),
        new QueryShape("search-frequent-200-pages", "search=john&limit=20&page={page:200}"),
        new QueryShape(
            "export-any-page", "page={page:" + exportPages + "}&limit=100&sortBy=createdAt&sortOrder=asc"),
        new QueryShape("random-mix", RANDOM_MIX),
        new QueryShape("range-mix", RANGE_MIX));
  }


  /**
   * {@code shapes}, only those named in {@code -Dbench.shapes} (comma-separated) when given.
   * Frequent terms and large match sets: {@code search-frequent} ("john": about 15 % of the leads in
   * the skewed data set), {@code search} ("john" and "software", two such terms), {@code
   * search-two-letters}, {@code status+source} and {@code title} (a quarter of the leads).
   */
  static List<QueryShape> selected(List<QueryShape> shapes) {
    String names = System.getProperty("bench.shapes", "");
    if (names.isBlank()) {
      return shapes;
    }
    List<String> wanted = List.of(names.split(","));
    return shapes.stream().filter(shape -> wanted.contains(shape.name())).toList();
  }

  String pathAndQuery() {
    return "/api/v2/leads?" + query;
  }
}
