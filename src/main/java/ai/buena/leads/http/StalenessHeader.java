package ai.buena.leads.http;

import ai.buena.leads.query.Staleness;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code X-Lead-Data-Staleness: records=<n>, partitions=<p>}: the answer read {@code p} partitions
 * from standby copies, the furthest of them at most {@code n} changelog records behind when last
 * measured. Absent: every partition was read from its active. Also carries an internal answer's
 * staleness back to the instance that asked.
 */
final class StalenessHeader {
  static final String NAME = "X-Lead-Data-Staleness";
  private static final Pattern VALUE =
      Pattern.compile("records=(\\d{1,18}), partitions=(\\d{1,9})");

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

  /** The staleness a header says; none when absent; empty when malformed. */
  static Optional<Staleness> parse(Optional<String> header) {
    if (header.isEmpty()) {
      return Optional.of(Staleness.NONE);
    }
    Matcher matcher = VALUE.matcher(header.get().trim());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new Staleness(Long.parseLong(matcher.group(1)), Integer.parseInt(matcher.group(2))));
  }
}
