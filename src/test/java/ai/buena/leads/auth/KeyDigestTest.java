package ai.buena.leads.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyDigestTest {

  @Test
  void theDigestIsTheLowercaseHexSha256OfTheUtf8Bytes() {
    assertThat(KeyDigest.sha256Hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void theDigestOfAKeyIsAKeyHash() {
    assertThat(ApiKeyFormat.isKeyHash(KeyDigest.sha256Hex(ApiKeyFormat.generate()))).isTrue();
  }
}
