package ai.buena.leads.query;

import ai.buena.leads.index.IndexedField;
import java.util.Arrays;
import java.util.Optional;

/**
 * The fields {@code GET /api/v2/leads} can sort by: one constant per {@link IndexedField}, the
 * descriptor that says everything else about the field (its {@code sortBy} spelling, values and
 * order).
 */
public enum SortField {
  CREATED_AT(IndexedField.CREATED_AT),
  UPDATED_AT(IndexedField.UPDATED_AT),
  FIRST_NAME(IndexedField.FIRST_NAME),
  LAST_NAME(IndexedField.LAST_NAME),
  COMPANY(IndexedField.COMPANY),
  LAST_CONTACTED_AT(IndexedField.LAST_CONTACTED_AT);

  private final IndexedField field;

  SortField(IndexedField field) {
    this.field = field;
  }

  /** The descriptor of this field. */
  public IndexedField field() {
    return field;
  }

  public String wire() {
    return field.wire();
  }

  /** Case-sensitive, as the API contract requires. */
  public static Optional<SortField> fromWire(String value) {
    return Arrays.stream(values()).filter(f -> f.wire().equals(value)).findFirst();
  }
}
