package ai.buena.leads.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Response bodies written with Jackson's streaming generator; always {@code application/json}. */
final class JsonBody {
  static final String CONTENT_TYPE = "application/json";
  private static final String ACCEPT_ENCODING = "Accept-Encoding";
  private static final String VARY = "Vary";

  private static final JsonFactory FACTORY = new ObjectMapper().getFactory();
  private static final Logger LOG = LoggerFactory.getLogger(JsonBody.class);

  private JsonBody() {}

  @FunctionalInterface
  interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  private static boolean carriesBody(Context ctx) {
    return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
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
    varyByEncoding(ctx);
    ctx.status(status).contentType(CONTENT_TYPE).result(bytes(writer));
  }

  /**
   * Says the answer is gzip or not by {@code Accept-Encoding} (Javalin's compression decides): a
   * shared cache must not give one client's form to another. Every JSON answer says it.
   */
  static void varyByEncoding(Context ctx) {
    ctx.header(VARY, ACCEPT_ENCODING);
  }

  /**
   * {@code {"success": true, "data": {...}}}, the writer filling {@code data}'s fields. An answer
   * of up to {@link AnswerBuffer#KEPT_BYTES} is written into Jetty's output at once (not handed to
   * Javalin as a result stream, which copies it through a new 32 KiB buffer), with its length when
   * no compression may apply, so Jetty sends it with {@code Content-Length} in one write rather
   * than in chunks. A larger one is streamed as it is written ({@link AnswerStream}), in chunks;
   * should its writing fail once bytes are sent, the response is aborted (the client sees a broken
   * answer, never a shortened one that looks whole). A client that sends {@code Accept-Encoding}
   * gets what Javalin's compression decides.
   */
  static void success(Context ctx, Writer dataFields) {
    varyByEncoding(ctx);
    ctx.status(HttpStatus.OK).contentType(CONTENT_TYPE);
    // a request with an unread body: Jetty must close the connection, and says so (Connection:
    // close) in headers it has not yet sent, which a body written here would send at once
    boolean whole = carriesBody(ctx);
    AnswerBuffer body = AnswerBuffer.ofThisThread();
    AnswerStream out = new AnswerStream(body, whole ? null : () -> streamedOutput(ctx));
    try {
      write(ctx, dataFields, body, out, whole);
    } finally {
      out.endEncoding();
    }
  }

  private static void write(
      Context ctx, Writer dataFields, AnswerBuffer body, AnswerStream out, boolean whole) {
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeBooleanField("success", true);
      g.writeObjectFieldStart("data");
      dataFields.write(g);
      g.writeEndObject();
      g.writeEndObject();
    } catch (JsonProcessingException e) {
      // Jackson refused what was written: a fault of ours, not the client's
      abortIfStreaming(ctx, out, e);
      throw new UncheckedIOException(e);
    } catch (IOException e) {
      connectionFailed(ctx, e);
      return;
    } catch (RuntimeException | Error e) {
      abortIfStreaming(ctx, out, e);
      throw e;
    }
    if (out.streaming()) {
      try {
        out.finish();
      } catch (IOException e) {
        connectionFailed(ctx, e);
      }
      return;
    }
    if (whole) {
      ctx.result(body.toByteArray());
      return;
    }
    if (!mayBeCompressed(ctx, body.size())) {
      ctx.res().setContentLength(body.size());
    }
    try {
      body.writeTo(ctx.outputStream());
    } catch (IOException e) {
      connectionFailed(ctx, e);
    }
  }

  /**
   * Where a streamed answer goes: the response's own output, through gzip at Javalin's level when
   * the client accepts it (Javalin's compression decides on an answer's first write, which for a
   * streamed one may be a few bytes: such answers went out uncompressed).
   */
  private static OutputStream streamedOutput(Context ctx) {
    try {
      OutputStream raw = ctx.res().getOutputStream();
      if (!mayBeCompressed(ctx, AnswerBuffer.KEPT_BYTES)) {
        return raw;
      }
      ctx.header(Header.CONTENT_ENCODING, "gzip");
      return new GzipLevel1(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether Javalin's compression would compress an answer of {@code size} bytes written at once
   * (its own test: the size against its minimum, and a compressor matching {@code
   * Accept-Encoding}); when not, the answer's length can be sent up front.
   */
  private static boolean mayBeCompressed(Context ctx, int size) {
    String accepted = ctx.header(ACCEPT_ENCODING);
    return accepted != null
        && size >= JettySetup.COMPRESSION.getDefaultMinSizeForCompression()
        && JettySetup.COMPRESSION.findMatchingCompressor(accepted) != null;
  }

  /**
   * The connection failed under the answer (the client closed it, or stopped reading past the
   * idle timeout): nothing is left to answer, and it is no fault of the service, so it is logged
   * at debug without a stack trace, and the response is aborted.
   */
  private static void connectionFailed(Context ctx, IOException e) {
    LOG.debug(
        "{} {}: the connection failed while the answer was sent ({})",
        ctx.method(),
        ctx.path(),
        e.toString());
    abort(ctx, e);
  }

  private static void abortIfStreaming(Context ctx, AnswerStream out, Throwable failure) {
    if (out.streaming()) {
      abort(ctx, failure);
    }
  }

  /**
   * Ends the exchange without completing the answer, by closing its connection. ({@code
   * ServletChannel.abort} leaves the request looking asynchronously started, and Javalin then
   * logs an {@code IllegalStateException} with its stack trace for every such answer.)
   */
  private static void abort(Context ctx, Throwable failure) {
    ServletContextRequest.getServletContextRequest(ctx.req())
        .getConnectionMetaData()
        .getConnection()
        .getEndPoint()
        .close(failure);
  }
}
