package ai.buena.leads.http;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.query.LeadQuery;
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
      writeText(out, q.status() == null ? null : q.status().wire());
      writeText(out, q.source() == null ? null : q.source().wire());
      out.writeInt(q.searchTerms().size());
      for (String term : q.searchTerms()) {
        writeText(out, term);
      }
      writeText(out, q.company());
      writeText(out, q.title());
      writeInstant(out, q.createdAfter());
      writeInstant(out, q.createdBefore());
      writeInstant(out, q.lastContactedAfter());
      writeInstant(out, q.lastContactedBefore());
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
      q.status(enumValue(readText(in), LeadStatus::fromWire));
      q.source(enumValue(readText(in), LeadSource::fromWire));
      int terms = in.readInt();
      if (terms < 0 || terms > MAX_TERMS) {
        return Optional.empty();
      }
      List<String> searchTerms = new ArrayList<>(terms);
      for (int i = 0; i < terms; i++) {
        searchTerms.add(required(readText(in)));
      }
      q.searchTerms(searchTerms).company(readText(in)).title(readText(in));
      q.createdAfter(readInstant(in)).createdBefore(readInstant(in));
      q.lastContactedAfter(readInstant(in)).lastContactedBefore(readInstant(in));
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
