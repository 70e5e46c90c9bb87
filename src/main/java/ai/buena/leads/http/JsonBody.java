package ai.buena.leads.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Response bodies written with Jackson's streaming generator; always {@code application/json}. */
final class JsonBody {
  static final String CONTENT_TYPE = "application/json";

  private static final JsonFactory FACTORY = new ObjectMapper().getFactory();

  private JsonBody() {}

  @FunctionalInterface
  interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  static byte[] bytes(Writer writer) {
    ByteArrayBuilder out = new ByteArrayBuilder(1024);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      writer.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static void send(Context ctx, HttpStatus status, Writer writer) {
    ctx.status(status).contentType(CONTENT_TYPE).result(bytes(writer));
  }

  /** {@code {"success": true, "data": {...}}}, the writer filling {@code data}'s fields. */
  static void success(Context ctx, Writer dataFields) {
    send(
        ctx,
        HttpStatus.OK,
        g -> {
          g.writeStartObject();
          g.writeBooleanField("success", true);
          g.writeObjectFieldStart("data");
          dataFields.write(g);
          g.writeEndObject();
          g.writeEndObject();
        });
  }
}
