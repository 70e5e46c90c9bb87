package ai.buena.leads.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.testing.Seeded;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ConsistencyTokenTest {
  private static final String SECRET = "a-cluster-secret-of-enough-length";

  @Test
  void shouldDecodeWhatItEncodes() {
    Seeded.check(
        500,
        random -> {
          ConsistencyToken token =
              ConsistencyToken.of(random.nextInt(Integer.MAX_VALUE), random.nextLong() & Long.MAX_VALUE);

          assertThat(ConsistencyToken.decode(token.encode())).contains(token);
        });
  }

  @Test
  void shouldEncodeToUrlAndHeaderSafeCharacters() {
    String encoded = ConsistencyToken.of(Integer.MAX_VALUE, Long.MAX_VALUE).encode();
    String issued =
        ConsistencyTokens.forCluster(SECRET).issue(ConsistencyToken.of(Integer.MAX_VALUE, Long.MAX_VALUE));

    assertThat(encoded).matches("[A-Za-z0-9_-]{18}");
    assertThat(issued).matches("[A-Za-z0-9_-]{39}");
  }

  @Test
  void shouldVerifyATokenIssuedByAnotherInstanceOfTheSameCluster() {
    ConsistencyToken token = ConsistencyToken.of(3, 42);

    String header = ConsistencyTokens.forCluster(SECRET).issue(token);

    assertThat(ConsistencyTokens.forCluster(SECRET).verified(header)).contains(token);
  }

  @Test
  void shouldRefuseATokenIssuedWithAnotherSecret() {
    String header =
        ConsistencyTokens.forCluster("another-secret-of-enough-length").issue(ConsistencyToken.of(3, 42));

    assertThat(ConsistencyTokens.forCluster(SECRET).verified(header)).isEmpty();
  }

  @Test
  void shouldRefuseATokenWithAnyBitChanged() {
    ConsistencyTokens tokens = ConsistencyTokens.forCluster(SECRET);
    byte[] bytes = Base64.getUrlDecoder().decode(tokens.issue(ConsistencyToken.of(3, 42)));

    for (int bit = 0; bit < bytes.length * 8; bit++) {
      byte[] tampered = bytes.clone();
      tampered[bit / 8] ^= (byte) (1 << (bit % 8));
      String header = Base64.getUrlEncoder().withoutPadding().encodeToString(tampered);

      assertThat(tokens.verified(header)).as("bit %d", bit).isEmpty();
    }
  }

  @Test
  void shouldRefuseAnotherSpellingOfAnIssuedToken() {
    ConsistencyTokens tokens = ConsistencyTokens.forCluster(SECRET);
    String issued = tokens.issue(ConsistencyToken.of(3, 42));
    String last = issued.substring(issued.length() - 1);
    // the last character's lowest bit is not part of the bytes
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int index = alphabet.indexOf(last);
    String changedUnusedBits =
        issued.substring(0, issued.length() - 1) + alphabet.charAt(index ^ 1);

    assertThat(tokens.verified(issued + "=")).isEmpty();
    assertThat(tokens.verified(changedUnusedBits)).isEmpty();
    assertThat(tokens.verified(issued)).isPresent();
  }

  @Test
  void shouldRefuseTheBareUnsignedForm() {
    ConsistencyToken token = ConsistencyToken.of(3, 42);

    assertThat(ConsistencyTokens.forCluster(SECRET).verified(token.encode())).isEmpty();
  }

  @Test
  void shouldDecodeEveryStringToATokenOrNothingWithoutThrowing() {
    ConsistencyTokens tokens = ConsistencyTokens.forCluster(SECRET);
    Seeded.check(
        2000,
        random -> {
          byte[] bytes = new byte[random.nextInt(40)];
          random.nextBytes(bytes);
          String garbage =
              random.nextBoolean()
                  ? Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)
                  : new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);

          assertThat(tokens.verified(garbage)).isEmpty();
          ConsistencyToken.decode(garbage)
              .ifPresent(token -> assertThat(token.encode()).isEqualTo(garbage));
        });
  }

  @Test
  void shouldRefuseNullEmptyAndOverlongHeaders() {
    ConsistencyTokens tokens = ConsistencyTokens.forCluster(SECRET);

    assertThat(tokens.verified(null)).isEmpty();
    assertThat(tokens.verified("")).isEmpty();
    assertThat(tokens.verified("A".repeat(10_000))).isEmpty();
    assertThat(ConsistencyToken.decode(null)).isEmpty();
  }

  @Test
  void shouldRefuseABareTokenWithANegativeOffset() {
    byte[] bytes = Base64.getUrlDecoder().decode(ConsistencyToken.of(1, 1).encode());
    bytes[5] = (byte) 0x80;

    assertThat(ConsistencyToken.decode(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)))
        .isEmpty();
  }
}
