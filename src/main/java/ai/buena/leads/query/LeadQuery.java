package ai.buena.leads.query;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.index.LowerCase;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A valid query of {@code GET /api/v2/leads}, without the workspace (that comes from the API key).
 *
 * <p>Absent filters are {@code null} ({@code searchTerms} is empty when absent). {@code company},
 * {@code title} and every search term are held lower-cased ({@link LowerCase}), whatever the
 * caller passes, so matching never lower-cases the query again. {@code after} is the position a
 * cursor points at (the last lead of the previous page): the answer starts right after it; null
 * without a cursor.
 */
public record LeadQuery(
    int page,
    int limit,
    LeadStatus status,
    LeadSource source,
    List<String> searchTerms,
    String company,
    String title,
    Instant createdAfter,
    Instant createdBefore,
    Instant lastContactedAfter,
    Instant lastContactedBefore,
    SortField sortBy,
    SortOrder sortOrder,
    SortKey after) {

  public static final int DEFAULT_PAGE = 1;
  public static final int DEFAULT_LIMIT = 10;
  public static final int MAX_LIMIT = 100;
  public static final SortField DEFAULT_SORT_FIELD = SortField.CREATED_AT;
  public static final SortOrder DEFAULT_SORT_ORDER = SortOrder.DESC;

  public LeadQuery {
    if (page < 1) {
      throw new IllegalArgumentException("page must be at least 1: " + page);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
    }
    Objects.requireNonNull(sortBy, "sortBy");
    Objects.requireNonNull(sortOrder, "sortOrder");
    if (after != null && page != 1) {
      throw new IllegalArgumentException("a cursor query has no page: " + page);
    }
    searchTerms =
        searchTerms == null
            ? List.of()
            : searchTerms.stream().map(term -> LowerCase.of(Objects.requireNonNull(term))).toList();
    company = LowerCase.of(company);
    title = LowerCase.of(title);
  }

  /** Every parameter at its default: first page of ten, newest first, no filter. */
  public static LeadQuery defaults() {
    return builder().build();
  }

  /** A builder starting from every default. */
  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .page(page)
        .limit(limit)
        .status(status)
        .source(source)
        .searchTerms(searchTerms)
        .company(company)
        .title(title)
        .createdAfter(createdAfter)
        .createdBefore(createdBefore)
        .lastContactedAfter(lastContactedAfter)
        .lastContactedBefore(lastContactedBefore)
        .sortBy(sortBy)
        .sortOrder(sortOrder)
        .after(after);
  }

  /** Builds a {@link LeadQuery}; every value is checked by the record when built. */
  public static final class Builder {
    private int page = DEFAULT_PAGE;
    private int limit = DEFAULT_LIMIT;
    private LeadStatus status;
    private LeadSource source;
    private List<String> searchTerms = List.of();
    private String company;
    private String title;
    private Instant createdAfter;
    private Instant createdBefore;
    private Instant lastContactedAfter;
    private Instant lastContactedBefore;
    private SortField sortBy = DEFAULT_SORT_FIELD;
    private SortOrder sortOrder = DEFAULT_SORT_ORDER;
    private SortKey after;

    private Builder() {}

    public Builder after(SortKey after) {
      this.after = after;
      return this;
    }

    public Builder page(int page) {
      this.page = page;
      return this;
    }

    public Builder limit(int limit) {
      this.limit = limit;
      return this;
    }

    public Builder status(LeadStatus status) {
      this.status = status;
      return this;
    }

    public Builder source(LeadSource source) {
      this.source = source;
      return this;
    }

    public Builder searchTerms(List<String> searchTerms) {
      this.searchTerms = searchTerms;
      return this;
    }

    public Builder company(String company) {
      this.company = company;
      return this;
    }

    public Builder title(String title) {
      this.title = title;
      return this;
    }

    public Builder createdAfter(Instant createdAfter) {
      this.createdAfter = createdAfter;
      return this;
    }

    public Builder createdBefore(Instant createdBefore) {
      this.createdBefore = createdBefore;
      return this;
    }

    public Builder lastContactedAfter(Instant lastContactedAfter) {
      this.lastContactedAfter = lastContactedAfter;
      return this;
    }

    public Builder lastContactedBefore(Instant lastContactedBefore) {
      this.lastContactedBefore = lastContactedBefore;
      return this;
    }

    public Builder sortBy(SortField sortBy) {
      this.sortBy = sortBy;
      return this;
    }

    public Builder sortOrder(SortOrder sortOrder) {
      this.sortOrder = sortOrder;
      return this;
    }

    public LeadQuery build() {
      return new LeadQuery(
          page,
          limit,
          status,
          source,
          searchTerms,
          company,
          title,
          createdAfter,
          createdBefore,
          lastContactedAfter,
          lastContactedBefore,
          sortBy,
          sortOrder,
          after);
    }
  }
}
