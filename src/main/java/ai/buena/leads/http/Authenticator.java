package ai.buena.leads.http;

import ai.buena.leads.auth.ApiKeyFormat;
import ai.buena.leads.auth.ApiKeyLookup;
import ai.buena.leads.auth.ApiKeyRecord;
import ai.buena.leads.auth.KeyHashing;
import io.javalin.http.Context;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before every matched route that declares an {@link Access}: finds the key of header {@code
 * x-api-key} by its hash (401 when missing, malformed, unknown or revoked), then checks the route's
 * permission (403); in between, it counts the request against the key's rate limits (429). Two
 * {@code x-api-key} headers are an invalid key, whatever their values. Routes without an {@link
 * Access} are public. The key itself is never logged.
 */
final class Authenticator {
  static final String HEADER = "x-api-key";
  static final String CLUSTER_HEADER = "x-cluster-secret";

  private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
  private static final String KEY_ATTRIBUTE = Authenticator.class.getName() + ".key";
  /** Where {@link #liveKeyWorkspace} leaves the key it found, so a request's key is looked up once. */
  private static final String LIVE_KEY_ATTRIBUTE = Authenticator.class.getName() + ".liveKey";

  private final ApiKeyLookup keys;
  private final byte[] clusterSecret;
  private final RateLimitGate rateLimits;
  private final RefusedClusterCalls refusedClusterCalls = new RefusedClusterCalls();

  Authenticator(ApiKeyLookup keys, String clusterSecret, RateLimitGate rateLimits) {
    this.keys = keys;
    this.rateLimits = rateLimits;
    if (clusterSecret != null && ClusterSecrets.problem(clusterSecret).isPresent()) {
      throw new IllegalArgumentException(
          "the cluster secret " + ClusterSecrets.problem(clusterSecret).get());
    }
    this.clusterSecret =
        clusterSecret == null ? null : clusterSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  void authenticate(Context ctx) {
    Access access = accessOf(ctx);
    if (access == null) {
      return;
    }
    if (access == Access.CLUSTER) {
      if (!validClusterCredential(ctx.header(CLUSTER_HEADER))) {
        refusedClusterCalls.refused(ctx.ip(), ctx.path());
        throw ApiError.invalidClusterCredential();
      }
      return;
    }
    ApiKeyRecord key =
        ctx.req().getAttribute(LIVE_KEY_ATTRIBUTE) instanceof ApiKeyRecord found
            ? found
            : validKey(presentedKey(ctx));
    rateLimits.admit(ctx, key);
    String permission = access.permission();
    if (permission != null && !key.grants(permission)) {
      LOG.debug("key {} lacks {} for {} {}", key.id(), permission, ctx.method(), ctx.path());
      throw ApiError.permissionDenied(access, new TreeSet<>(key.permissions()));
    }
    ctx.attribute(KEY_ATTRIBUTE, key);
  }

  /**
   * The workspace of the live key the request's {@code x-api-key} headers name, if they name one:
   * what load shedding asks before it gives a request a permit (and a share of its workspace's). The key found stays on the request, and {@link
   * #authenticate} takes it from there (its revocation a moment later is seen by the next
   * request): a request's key is hashed and looked up once. Never throws.
   */
  Optional<String> liveKeyWorkspace(Request request) {
    List<String> headerValues = request.getHeaders().getValuesList(HEADER);
    if (headerValues == null || headerValues.size() != 1) {
      return Optional.empty();
    }
    try {
      ApiKeyRecord key = validKey(headerValues.get(0));
      request.setAttribute(LIVE_KEY_ATTRIBUTE, key);
      return Optional.of(key.workspaceId());
    } catch (RuntimeException invalidOrUnavailable) {
      return Optional.empty();
    }
  }

  /**
   * The rate-limit headers of the live key {@link #liveKeyWorkspace} found on this request, nothing
   * counted; empty without one or when the limits are off.
   */
  Map<String, String> rateLimitHeaders(Request request) {
    return headersOfLiveKey(request.getAttribute(LIVE_KEY_ATTRIBUTE));
  }

  /**
   * {@link #rateLimitHeaders(Request)} on an answer no route gave (404, 405): the key, found by
   * load shedding, is not counted for it. Nothing without a live key.
   */
  void addRateLimitHeaders(Context ctx) {
    headersOfLiveKey(ctx.req().getAttribute(LIVE_KEY_ATTRIBUTE)).forEach(ctx::header);
  }

  /**
   * Why an {@code /api/v2} request no route answers (404, 405) is refused before that answer, as
   * every {@code /api/v2} request is (list-leads.md: authentication first): its key is missing or
   * not live. Empty with a live key, outside {@code /api/v2}, or when the keys cannot be read now
   * (the 404 or 405 stands then).
   */
  Optional<ApiError> keyRefusal(Context ctx) {
    if (!ApiServer.underApiRoot(ctx.path())
        || ctx.req().getAttribute(LIVE_KEY_ATTRIBUTE) instanceof ApiKeyRecord) {
      return Optional.empty();
    }
    try {
      validKey(presentedKey(ctx));
      return Optional.empty();
    } catch (ApiError refused) {
      return Optional.of(refused);
    } catch (RuntimeException keysUnreadable) {
      return Optional.empty();
    }
  }

  private Map<String, String> headersOfLiveKey(Object found) {
    return found instanceof ApiKeyRecord key ? rateLimits.headersOf(key) : Map.of();
  }

  /** The route's {@link Access}; null for a public route. */
  private static Access accessOf(Context ctx) {
    for (Object role : ctx.routeRoles()) {
      if (role instanceof Access access) {
        return access;
      }
    }
    return null;
  }

  /** The key {@link #authenticate} accepted for this request. */
  static ApiKeyRecord key(Context ctx) {
    ApiKeyRecord key = ctx.attribute(KEY_ATTRIBUTE);
    if (key == null) {
      throw new IllegalStateException("route reached without authentication: " + ctx.path());
    }
    return key;
  }

  private boolean validClusterCredential(String presented) {
    return clusterSecret != null
        && presented != null
        && !presented.isEmpty()
        && java.security.MessageDigest.isEqual(
            clusterSecret, presented.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The one {@code x-api-key} header's value; a second one makes the key invalid, not ignored. */
  private static String presentedKey(Context ctx) {
    List<String> values = Collections.list(ctx.req().getHeaders(HEADER));
    if (values.size() > 1) {
      throw ApiError.invalidKey();
    }
    return values.isEmpty() ? null : values.get(0);
  }

  private ApiKeyRecord validKey(String presented) {
    if (presented == null || presented.isEmpty()) {
      throw ApiError.missingKey();
    }
    if (!ApiKeyFormat.isWellFormed(presented)) {
      throw ApiError.invalidKey();
    }
    String hash = KeyHashing.sha256Hex(presented);
    return keys.findByHash(hash)
        .filter(key -> KeyHashing.sameHash(key.keyHash(), hash))
        .filter(key -> !key.revoked())
        .orElseThrow(ApiError::invalidKey);
  }
}
