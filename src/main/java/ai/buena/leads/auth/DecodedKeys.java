package ai.buena.leads.auth;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Key records already decoded, by key hash, each with the stored bytes it was decoded from: a
 * lookup still reads the store on every request, and reuses the decoded record only while the
 * store holds exactly those bytes, so a revocation or any other change counts at once. Decoding
 * (a JSON tree and an instant) took about a tenth of a small request's server CPU. At most {@link
 * #CAPACITY} records; when full it starts empty again.
 */
final class DecodedKeys {
  static final int CAPACITY = 10_000;

  private final Map<String, Decoded> byHash = new ConcurrentHashMap<>();
  private final BiFunction<String, byte[], ApiKeyRecord> decoder;
  private final int capacity;

  private record Decoded(byte[] stored, ApiKeyRecord record) {}

  DecodedKeys() {
    this(ApiKeyCodec::decode, CAPACITY);
  }

  DecodedKeys(BiFunction<String, byte[], ApiKeyRecord> decoder, int capacity) {
    this.decoder = decoder;
    this.capacity = capacity;
  }

  /**
   * The record {@code stored} holds for {@code keyHash}.
   *
   * @throws MalformedKeyRecordException when it is not a key record (never kept)
   */
  ApiKeyRecord decode(String keyHash, byte[] stored) {
    Decoded known = byHash.get(keyHash);
    if (known != null && Arrays.equals(known.stored(), stored)) {
      return known.record();
    }
    ApiKeyRecord record = decoder.apply(keyHash, stored);
    if (byHash.size() >= capacity) {
      byHash.clear();
    }
    byHash.put(keyHash, new Decoded(stored.clone(), record));
    return record;
  }

  int size() {
    return byHash.size();
  }
}
