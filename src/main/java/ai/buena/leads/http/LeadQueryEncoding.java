package ai.buena.leads.http;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.QueryFilter;
import ai.buena.leads.query.SortField;
import ai.buena.leads.query.SortKey;
import ai.buena.leads.query.SortOrder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A parsed query as one base64url parameter, for calls between instances: the parsed values
 * themselves, never text to be parsed and judged again, so the instance that answers runs exactly
 * the query the caller's edge accepted (the extreme dates and lengths the edge allows included).
 * Strings travel as UTF-16 code units, instants as seconds and nanos.
 */
final class LeadQueryEncoding {
  static final String PARAM = "query";
  private static final byte VERSION = 1;
  private static final int MAX_TEXT_CHARS = 100_000;
  private static final int MAX_TERMS = 10_000;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private LeadQueryEncoding() {}

  static String encode(LeadQuery q) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeInt(q.page());
      out.writeInt(q.limit());
      for (QueryFilter<?> filter : QueryFilter.ALL) {
        writeFilter(out, filter.kind(), filter.valueIn(q));
      }
      writeText(out, q.sortBy().wire());
      writeText(out, q.sortOrder().wire());
      out.writeBoolean(q.after() != null);
      if (q.after() != null) {
        Object value = q.after().value();
        out.writeByte(value == null ? 0 : value instanceof Instant ? 1 : 2);
        if (value instanceof Instant time) {
          writeInstant(out, time);
        } else if (value instanceof String text) {
          writeText(out, text);
        }
        writeText(out, q.after().id());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ENCODER.encodeToString(bytes.toByteArray());
  }

  /** The query {@link #encode} wrote, or empty for anything else. */
  static Optional<LeadQuery> decode(String encoded) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(DECODER.decode(encoded)))) {
      if (in.readByte() != VERSION) {
        return Optional.empty();
      }
      LeadQuery.Builder q = LeadQuery.builder().page(in.readInt()).limit(in.readInt());
      for (QueryFilter<?> filter : QueryFilter.ALL) {
        filter.set(q, readFilter(in, filter.kind()));
      }
      q.sortBy(required(enumValue(readText(in), SortField::fromWire)));
      q.sortOrder(required(enumValue(readText(in), SortOrder::fromWire)));
      if (in.readBoolean()) {
        Object value =
            switch (in.readByte()) {
              case 0 -> null;
              case 1 -> required(readInstant(in));
              case 2 -> required(readText(in));
              default -> throw new IllegalArgumentException("unknown sort value type");
            };
        q.after(new SortKey(value, required(readText(in))));
      }
      if (in.available() > 0) {
        return Optional.empty();
      }
      return Optional.of(q.build());
    } catch (IOException | RuntimeException notAnEncodedQuery) {
      return Optional.empty();
    }
  }

  private static void writeFilter(DataOutputStream out, QueryFilter.Kind kind, Object value)
      throws IOException {
    switch (kind) {
      case STATUS -> writeText(out, value == null ? null : ((LeadStatus) value).wire());
      case SOURCE -> writeText(out, value == null ? null : ((LeadSource) value).wire());
      case TERMS -> {
        List<?> terms = (List<?>) value;
        out.writeInt(terms.size());
        for (Object term : terms) {
          writeText(out, (String) term);
        }
      }
      case TEXT -> writeText(out, (String) value);
      case TIME -> writeInstant(out, (Instant) value);
    }
  }

  private static Object readFilter(DataInputStream in, QueryFilter.Kind kind) throws IOException {
    return switch (kind) {
      case STATUS -> enumValue(readText(in), LeadStatus::fromWire);
      case SOURCE -> enumValue(readText(in), LeadSource::fromWire);
      case TERMS -> readTerms(in);
      case TEXT -> readText(in);
      case TIME -> readInstant(in);
    };
  }

  private static List<String> readTerms(DataInputStream in) throws IOException {
    int terms = in.readInt();
    if (terms < 0 || terms > MAX_TERMS) {
      throw new IllegalArgumentException("bad number of terms");
    }
    List<String> searchTerms = new ArrayList<>(terms);
    for (int i = 0; i < terms; i++) {
      searchTerms.add(required(readText(in)));
    }
    return searchTerms;
  }

  private static void writeText(DataOutputStream out, String text) throws IOException {
    if (text == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(text.length());
    out.writeChars(text);
  }

  private static String readText(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length == -1) {
      return null;
    }
    if (length < 0 || length > MAX_TEXT_CHARS) {
      throw new IllegalArgumentException("bad text length");
    }
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = in.readChar();
    }
    return new String(chars);
  }

  private static void writeInstant(DataOutputStream out, Instant time) throws IOException {
    out.writeBoolean(time != null);
    if (time != null) {
      out.writeLong(time.getEpochSecond());
      out.writeInt(time.getNano());
    }
  }

  private static Instant readInstant(DataInputStream in) throws IOException {
    return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
  }

  private static <T> T enumValue(
      String wire, java.util.function.Function<String, Optional<T>> fromWire) {
    return wire == null
        ? null
        : fromWire.apply(wire).orElseThrow(() -> new IllegalArgumentException("unknown value"));
  }

  private static <T> T required(T value) {
    if (value == null) {
      throw new IllegalArgumentException("missing value");
    }
    return value;
  }
}
