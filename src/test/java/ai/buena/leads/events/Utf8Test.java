package ai.buena.leads.events;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.testing.Seeded;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {
  private static boolean wellFormed(String hex) {
    return Utf8.wellFormed(HexFormat.of().parseHex(hex));
  }

  @Test
  void shouldAcceptEveryLengthOfWellFormedSequence() {
    assertThat(Utf8.wellFormed("plain ascii, é, €, 𝄞, \uFFFF, \uDBFF\uDFFF".getBytes(StandardCharsets.UTF_8)))
        .isTrue();
    assertThat(Utf8.wellFormed(new byte[0])).isTrue();
  }

  @Test
  void shouldRefuseOverlongForms() {
    assertThat(wellFormed("c0af")).as("'/' in two bytes").isFalse();
    assertThat(wellFormed("c1bf")).isFalse();
    assertThat(wellFormed("e080af")).as("'/' in three bytes").isFalse();
    assertThat(wellFormed("f08080af")).as("'/' in four bytes").isFalse();
  }

  @Test
  void shouldRefuseSurrogatesAndCodePointsPastTheLast() {
    assertThat(wellFormed("eda080")).as("U+D800").isFalse();
    assertThat(wellFormed("edbfbf")).as("U+DFFF").isFalse();
    assertThat(wellFormed("f4908080")).as("U+110000").isFalse();
    assertThat(wellFormed("f5808080")).isFalse();
  }

  @Test
  void shouldRefuseTruncatedAndStrayBytes() {
    assertThat(wellFormed("41c3")).isFalse();
    assertThat(wellFormed("41e282")).isFalse();
    assertThat(wellFormed("f09d84")).isFalse();
    assertThat(wellFormed("80")).isFalse();
    assertThat(wellFormed("c341")).isFalse();
    assertThat(wellFormed("fffe")).isFalse();
  }

  @Test
  void shouldNotTakeTextWithANulByteForJsonText() {
    assertThat(Utf8.jsonText("{}".getBytes(StandardCharsets.UTF_16LE))).isFalse();
    assertThat(Utf8.jsonText("{\"a\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_8))).isTrue();
  }

  @Test
  void shouldAgreeWithTheJdksStrictDecoder() {
    Seeded.check(
        2_000,
        random -> {
          byte[] bytes = nearlyUtf8(random);
          assertThat(Utf8.wellFormed(bytes))
              .as("%s", HexFormat.of().formatHex(bytes))
              .isEqualTo(jdkSaysWellFormed(bytes));
        });
  }

  /** Well-formed text with, sometimes, a byte changed, dropped or added where it hurts most. */
  private static byte[] nearlyUtf8(Random random) {
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(8); i >= 0; i--) {
      int codePoint =
          switch (random.nextInt(4)) {
            case 0 -> random.nextInt(0x80);
            case 1 -> 0x80 + random.nextInt(0x800 - 0x80);
            case 2 -> {
              int c = 0x800 + random.nextInt(0x10000 - 0x800);
              yield c >= 0xD800 && c <= 0xDFFF ? 'x' : c;
            }
            default -> 0x10000 + random.nextInt(0x110000 - 0x10000);
          };
      text.appendCodePoint(codePoint);
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0 && random.nextInt(3) > 0) {
      int at = random.nextInt(bytes.length);
      switch (random.nextInt(3)) {
        case 0 -> bytes[at] = (byte) random.nextInt(256);
        case 1 -> {
          byte[] shorter = new byte[bytes.length - 1];
          System.arraycopy(bytes, 0, shorter, 0, at);
          System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
          bytes = shorter;
        }
        default -> {
          int[] edges = {0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
          bytes[at] = (byte) edges[random.nextInt(edges.length)];
        }
      }
    }
    return bytes;
  }

  private static boolean jdkSaysWellFormed(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
