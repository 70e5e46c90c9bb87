package ai.buena.leads.lead;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * Leads of one workspace as the {@code leads} store holds them (their JSON, {@link
 * LeadJson#toBytes} with the workspace), in order. Immutable. A lead is decoded only when {@link
 * #get} asks for it; {@link #writeAnswerForm} writes its API form by copying the stored bytes
 * without the trailing {@code workspaceId} (the stored form is the API form with that field
 * appended), and decodes and encodes only a lead whose stored JSON is not of that shape.
 */
public final class StoredLeads extends AbstractList<Lead> implements RandomAccess {
  private final byte[][] json;
  private final int size;
  private final byte[] suffix;
  private final Lead[] decoded;

  /** @param json each lead's stored JSON, of leads of {@code workspaceId} */
  public StoredLeads(String workspaceId, byte[][] json) {
    this(json, json.length, LeadJson.storedSuffix(workspaceId), new Lead[json.length]);
  }

  private StoredLeads(byte[][] json, int size, byte[] suffix, Lead[] decoded) {
    this.json = json;
    this.size = size;
    this.suffix = suffix;
    this.decoded = decoded;
  }

  @Override
  public Lead get(int index) {
    java.util.Objects.checkIndex(index, size);
    Lead lead = decoded[index];
    if (lead == null) {
      lead = LeadJson.fromBytes(json[index]);
      decoded[index] = lead;
    }
    return lead;
  }

  @Override
  public int size() {
    return size;
  }

  /** The first {@code count} of these leads (all when there are fewer). */
  public StoredLeads first(int count) {
    return count >= size ? this : new StoredLeads(json, count, suffix, decoded);
  }

  /** Writes the lead at {@code index} as the API answers it ({@code LeadJson.write(g, lead, false)}). */
  public void writeAnswerForm(int index, JsonGenerator g) throws IOException {
    java.util.Objects.checkIndex(index, size);
    int fields = LeadJson.answerFieldsLength(json[index], suffix);
    if (fields < 0) {
      LeadJson.write(g, get(index), false);
    } else {
      g.writeRawValue(new AnswerForm(json[index], fields));
    }
  }

  /**
   * Writes one lead's stored JSON ({@link LeadJson#toBytes} with its workspace) as it is, as a raw
   * JSON value: how instances pass leads to each other without decoding them.
   */
  public static void writeStoredForm(JsonGenerator g, byte[] stored) throws IOException {
    if (stored.length < 2 || stored[0] != '{' || stored[stored.length - 1] != '}') {
      throw new IllegalArgumentException("not a stored lead");
    }
    g.writeRawValue(new AnswerForm(stored, stored.length - 1));
  }

  /**
   * A lead's answer form as a raw JSON value: its stored bytes up to {@code fields}, then the
   * closing brace. Only its unquoted forms exist: a raw value is never written as a string.
   */
  private static final class AnswerForm implements SerializableString {
    private final byte[] stored;
    private final int fields;

    AnswerForm(byte[] stored, int fields) {
      this.stored = stored;
      this.fields = fields;
    }

    @Override
    public int appendUnquotedUTF8(byte[] buffer, int offset) {
      if (offset + fields + 1 > buffer.length) {
        return -1;
      }
      System.arraycopy(stored, 0, buffer, offset, fields);
      buffer[offset + fields] = '}';
      return fields + 1;
    }

    @Override
    public byte[] asUnquotedUTF8() {
      byte[] bytes = Arrays.copyOf(stored, fields + 1);
      bytes[fields] = '}';
      return bytes;
    }

    @Override
    public String getValue() {
      return new String(asUnquotedUTF8(), StandardCharsets.UTF_8);
    }

    @Override
    public int charLength() {
      return getValue().length();
    }

    @Override
    public int appendUnquoted(char[] buffer, int offset) {
      String value = getValue();
      if (offset + value.length() > buffer.length) {
        return -1;
      }
      value.getChars(0, value.length(), buffer, offset);
      return value.length();
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
      out.write(stored, 0, fields);
      out.write('}');
      return fields + 1;
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer buffer) {
      if (buffer.remaining() < fields + 1) {
        return -1;
      }
      buffer.put(stored, 0, fields).put((byte) '}');
      return fields + 1;
    }

    @Override
    public char[] asQuotedChars() {
      throw notAString();
    }

    @Override
    public byte[] asQuotedUTF8() {
      throw notAString();
    }

    @Override
    public int appendQuotedUTF8(byte[] buffer, int offset) {
      throw notAString();
    }

    @Override
    public int appendQuoted(char[] buffer, int offset) {
      throw notAString();
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) {
      throw notAString();
    }

    @Override
    public int putQuotedUTF8(ByteBuffer buffer) {
      throw notAString();
    }

    private static UnsupportedOperationException notAString() {
      return new UnsupportedOperationException("a lead's JSON is a raw value, never a string");
    }
  }
}
