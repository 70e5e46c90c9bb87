package ai.buena.leads.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ClusterSignerTest {
  private static final String SECRET = "a-cluster-secret-of-32-characters!";

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] hmac(byte[] key, byte[] message) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(message);
  }

  @Test
  void shouldTagWithTheFirstSixteenBytesOfHmacSha256UnderTheLabelsDerivedKey() throws Exception {
    byte[] payload = bytes("page 2 of ws_acme");
    byte[] key = hmac(bytes(SECRET), bytes("cursor"));

    byte[] signed = ClusterSigner.forCluster(SECRET, "cursor").signed(payload);

    assertThat(Arrays.copyOfRange(signed, 0, payload.length)).isEqualTo(payload);
    assertThat(Arrays.copyOfRange(signed, payload.length, signed.length))
        .isEqualTo(Arrays.copyOf(hmac(key, payload), ClusterSigner.TAG_BYTES));
  }

  @Test
  void shouldGiveEveryThreadTheSameTagsAsOneThreadDoes() throws Exception {
    ClusterSigner signer = ClusterSigner.forCluster(SECRET, "cursor");
    List<byte[]> expected = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      expected.add(signer.signed(bytes("payload " + i)));
    }
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> checks = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        checks.add(
            threads.submit(
                () -> {
                  for (int round = 0; round < 50; round++) {
                    for (int i = 0; i < expected.size(); i++) {
                      byte[] signed = signer.signed(bytes("payload " + i));
                      if (!Arrays.equals(signed, expected.get(i))
                          || signer.payloadOf(signed).isEmpty()) {
                        return false;
                      }
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> check : checks) {
        assertThat(check.get()).isTrue();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void shouldRefuseATagOfAnotherLabelOrAChangedPayload() {
    byte[] signed = ClusterSigner.forCluster(SECRET, "cursor").signed(bytes("page 2"));
    byte[] changed = signed.clone();
    changed[0] ^= 1;

    assertThat(ClusterSigner.forCluster(SECRET, "consistency").payloadOf(signed)).isEmpty();
    assertThat(ClusterSigner.forCluster(SECRET, "cursor").payloadOf(changed)).isEmpty();
    assertThat(ClusterSigner.forCluster(SECRET, "cursor").payloadOf(signed)).contains(bytes("page 2"));
  }
}
