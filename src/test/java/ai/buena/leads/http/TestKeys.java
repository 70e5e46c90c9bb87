package ai.buena.leads.http;

import ai.buena.leads.auth.ApiKeyLookup;
import ai.buena.leads.auth.ApiKeyRecord;
import ai.buena.leads.auth.KeyHashing;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** API keys held in memory by hash, as the real store holds them: the test keeps the clear keys. */
final class TestKeys implements ApiKeyLookup {
  private final Map<String, ApiKeyRecord> byHash = new ConcurrentHashMap<>();
  private final AtomicInteger issued = new AtomicInteger();
  private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();

  /** A new valid key of the workspace with these permissions; returns the key in clear. */
  String issue(String workspaceId, String... permissions) {
    return register(workspaceId, false, permissions);
  }

  String issueRevoked(String workspaceId, String... permissions) {
    return register(workspaceId, true, permissions);
  }

  @Override
  public Optional<ApiKeyRecord> findByHash(String keyHash) {
    lookups.computeIfAbsent(keyHash, hash -> new AtomicInteger()).incrementAndGet();
    return Optional.ofNullable(byHash.get(keyHash));
  }

  /** How often {@link #findByHash} was asked for the hash of {@code key}. */
  int lookupsOf(String key) {
    AtomicInteger count = lookups.get(KeyHashing.sha256Hex(key));
    return count == null ? 0 : count.get();
  }

  private String register(String workspaceId, boolean revoked, String... permissions) {
    int n = issued.incrementAndGet();
    String key = "bna_" + String.format("%064x", n * 7919L);
    String hash = KeyHashing.sha256Hex(key);
    byHash.put(
        hash,
        new ApiKeyRecord(
            hash,
            "key_" + hash.substring(0, 12),
            workspaceId,
            new TreeSet<>(List.of(permissions)),
            "test key " + n,
            Instant.parse("2024-01-01T00:00:00Z"),
            revoked));
    return key;
  }
}
