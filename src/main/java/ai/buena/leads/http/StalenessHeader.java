package ai.buena.leads.http;

import ai.buena.leads.query.Staleness;
import io.javalin.http.Context;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code X-Lead-Data-Staleness: records=<n>, partitions=<p>}: the answer read {@code p} partitions
 * from standby copies, the furthest of them at most {@code n} changelog records behind when last
 * measured. Absent: every partition was read from its active. Also carries an internal answer's
 * staleness back to the instance that asked, with {@code X-Lead-Stale-Partitions: 1,4} naming
 * the partitions, so two steps of one answer that read different copies count each once.
 */
final class StalenessHeader {
  static final String NAME = "X-Lead-Data-Staleness";
  static final String PARTITIONS_NAME = "X-Lead-Stale-Partitions";
  private static final Pattern VALUE =
      Pattern.compile("records=(\\d{1,18}), partitions=(\\d{1,9})");
  private static final Pattern PARTITION = Pattern.compile("\\d{1,9}");

  private StalenessHeader() {}

  static String format(Staleness staleness) {
    return "records=" + staleness.recordsBehind() + ", partitions=" + staleness.standbyPartitions();
  }

  /** Sets the header when the answer is stale; an answer from actives only gets none. */
  static void set(Context ctx, Staleness staleness) {
    if (staleness.stale()) {
      ctx.header(NAME, format(staleness));
    }
  }

  /** {@link #set}, on an internal answer with the partitions named too. */
  static void setInternal(Context ctx, Staleness staleness) {
    set(ctx, staleness);
    if (staleness.stale() && staleness.named()) {
      ctx.header(
          PARTITIONS_NAME,
          staleness.partitions().stream().sorted().map(String::valueOf).collect(Collectors.joining(",")));
    }
  }

  /**
   * The staleness the headers of an internal answer say; none when absent; empty when the count is
   * malformed. Without {@link #PARTITIONS_NAME} (from an instance of an earlier version), or with
   * names that are not the counted partitions, the partitions are counted but not named.
   */
  static Optional<Staleness> parse(Optional<String> header, Optional<String> partitions) {
    if (header.isEmpty()) {
      return Optional.of(Staleness.NONE);
    }
    Matcher matcher = VALUE.matcher(header.get().trim());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    long records = Long.parseLong(matcher.group(1));
    int count = Integer.parseInt(matcher.group(2));
    return Optional.of(
        partitions
            .flatMap(names -> named(names, count))
            .map(named -> new Staleness(records, count, named))
            .orElseGet(() -> new Staleness(records, count)));
  }

  /** {@code count} distinct partition numbers, comma-separated; empty when they are not. */
  private static Optional<Set<Integer>> named(String names, int count) {
    String[] parts = names.split(",", count + 1);
    if (parts.length != count) {
      return Optional.empty();
    }
    Set<Integer> named = new HashSet<>();
    for (String part : parts) {
      if (!PARTITION.matcher(part.trim()).matches()) {
        return Optional.empty();
      }
      named.add(Integer.parseInt(part.trim()));
    }
    return named.size() == count ? Optional.of(named) : Optional.empty();
  }
}
