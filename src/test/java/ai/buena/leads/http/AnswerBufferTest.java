package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AnswerBufferTest {
  private static byte[] written(AnswerBuffer buffer) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    buffer.writeTo(out);
    return out.toByteArray();
  }

  @Test
  void shouldWriteEachAnswerAloneThoughTheThreadReusesItsBuffer() throws Exception {
    AnswerBuffer first = AnswerBuffer.ofThisThread();
    first.write("{\"a\":1,\"long\":true}".getBytes(StandardCharsets.UTF_8));
    assertThat(written(first)).asString(StandardCharsets.UTF_8).isEqualTo("{\"a\":1,\"long\":true}");

    AnswerBuffer second = AnswerBuffer.ofThisThread();
    second.write('{');
    second.write('}');

    assertThat(second).isSameAs(first);
    assertThat(written(second)).asString(StandardCharsets.UTF_8).isEqualTo("{}");
  }

  @Test
  void shouldHoldAnAnswerLargerThanItsArrayWhole() throws Exception {
    byte[] large = new byte[3 * AnswerBuffer.KEPT_BYTES + 17];
    Arrays.fill(large, (byte) 'x');
    large[large.length - 1] = 'y';
    AnswerBuffer buffer = AnswerBuffer.ofThisThread();
    for (int at = 0; at < large.length; at += 1000) {
      buffer.write(large, at, Math.min(1000, large.length - at));
    }

    assertThat(buffer.size()).isEqualTo(large.length);
    assertThat(buffer.toByteArray()).isEqualTo(large);
    assertThat(buffer.size()).isZero();
  }

  @Test
  void shouldStartEmptyAfterAnAnswerThatFailedHalfWay() throws Exception {
    AnswerBuffer failed = AnswerBuffer.ofThisThread();
    failed.write("{\"half\":".getBytes(StandardCharsets.UTF_8)); // never written out

    AnswerBuffer next = AnswerBuffer.ofThisThread();
    next.write('1');

    assertThat(written(next)).asString(StandardCharsets.UTF_8).isEqualTo("1");
  }

  @Test
  void shouldGiveEveryThreadItsOwnBuffer() throws Exception {
    AnswerBuffer here = AnswerBuffer.ofThisThread();

    AnswerBuffer there = CompletableFuture.supplyAsync(AnswerBuffer::ofThisThread).get();

    assertThat(there).isNotSameAs(here);
  }
}
