package ai.buena.leads.auth;

import java.util.Optional;

/** Finds the record of a presented key (by its hash); empty for unknown keys. */
@FunctionalInterface
public interface ApiKeyLookup {
  Optional<ApiKeyRecord> findByHash(String keyHash);
}
