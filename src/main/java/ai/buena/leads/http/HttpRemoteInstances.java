package ai.buena.leads.http;

import ai.buena.leads.consistency.AppliedOffsets;
import ai.buena.leads.consistency.ConsistencyToken;
import ai.buena.leads.events.InstantText;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import ai.buena.leads.query.AppliedEvent;
import ai.buena.leads.query.Answered;
import ai.buena.leads.query.HostAddress;
import ai.buena.leads.query.InstanceState;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.PartialAnswer;
import ai.buena.leads.query.Window;
import ai.buena.leads.query.PeerAnswers;
import ai.buena.leads.query.RemoteInstances;
import ai.buena.leads.query.SortKey;
import ai.buena.leads.query.Staleness;
import ai.buena.leads.query.StandbyBound;
import ai.buena.leads.query.QueryTooExpensiveException;
import ai.buena.leads.query.UnavailableException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The other instances, over HTTP ({@link PeerCalls}), with the cluster credential and a per-call timeout. */
public final class HttpRemoteInstances implements RemoteInstances {
  private static final JsonFactory JSON = new JsonFactory();
  private static final Pattern RETRY_AFTER_SECONDS = Pattern.compile("\\d{1,9}");

  private final PeerCalls calls = new PeerCalls();
  private final String clusterSecret;
  private final Duration timeout;
  private final List<PeerAnswers> listeners = new CopyOnWriteArrayList<>();

  public HttpRemoteInstances(String clusterSecret, Duration timeout) {
    this.clusterSecret = clusterSecret;
    this.timeout = timeout;
  }

  @Override
  public CompletableFuture<PartialAnswer> partial(
      HostAddress host,
      String workspaceId,
      LeadQuery query,
      Set<Integer> partitions,
      StandbyBound bound,
      ConsistencyToken after,
      boolean withLeads,
      Window window) {
    String partitionList =
        partitions.stream().map(String::valueOf).collect(Collectors.joining(","));
    URI uri =
        URI.create(
            "http://" + host + InternalRoutes.PARTIALS + "?" + InternalRoutes.WORKSPACE + "="
                + workspaceId + "&" + InternalRoutes.PARTITIONS + "=" + partitionList + "&"
                + LeadQueryEncoding.PARAM + "=" + LeadQueryEncoding.encode(query)
                + standbyParam(bound)
                + afterParam(after)
                + (withLeads ? "&" + InternalRoutes.WITH_LEADS + "=1" : "")
                + windowParams(window));
    return send(host, uri, after).thenApply(response -> readPartial(host, response));
  }

  @Override
  public CompletableFuture<Answered<Optional<Lead>>> lead(
      HostAddress host,
      String workspaceId,
      String leadId,
      StandbyBound bound,
      ConsistencyToken after) {
    URI uri =
        URI.create(
            "http://" + host + "/internal/v1/leads/"
                + URLEncoder.encode(leadId, StandardCharsets.UTF_8) + "?"
                + InternalRoutes.WORKSPACE + "=" + workspaceId + standbyParam(bound)
                + afterParam(after));
    return send(host, uri, after)
        .thenApply(
            response -> {
              if (response.status() == 404 && saysLeadNotFound(response.body())) {
                return new Answered<>(Optional.<Lead>empty(), staleness(host, response));
              }
              requireOk(host, response);
              try (JsonParser p = JSON.createParser(response.body())) {
                expectField(p, "lead");
                return new Answered<>(Optional.of(LeadJson.read(p)), staleness(host, response));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  @Override
  public CompletableFuture<Answered<Map<String, Lead>>> leads(
      HostAddress host, String workspaceId, List<String> leadIds, StandbyBound bound) {
    URI uri =
        URI.create(
            "http://" + host + InternalRoutes.LEADS + "?" + InternalRoutes.WORKSPACE + "="
                + workspaceId + "&" + InternalRoutes.IDS + "=" + String.join(",", leadIds)
                + standbyParam(bound));
    return send(host, uri)
        .thenApply(
            response -> {
              requireOk(host, response);
              try (JsonParser p = JSON.createParser(response.body())) {
                expectField(p, "leads");
                if (p.nextToken() != JsonToken.START_ARRAY) {
                  throw new IOException("leads is not an array");
                }
                Map<String, Lead> leads = new HashMap<>();
                while (p.nextToken() == JsonToken.START_OBJECT) {
                  Lead lead = LeadJson.read(p);
                  leads.put(lead.id(), lead);
                }
                return new Answered<>(leads, staleness(host, response));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  @Override
  public CompletableFuture<Optional<AppliedEvent>> appliedEvent(
      HostAddress host, String leadId, String eventId, ConsistencyToken after) {
    URI uri =
        URI.create(
            "http://" + host + InternalRoutes.APPLIED_EVENT + "?" + InternalRoutes.LEAD_PARAM + "="
                + URLEncoder.encode(leadId, StandardCharsets.UTF_8) + "&"
                + InternalRoutes.EVENT_PARAM + "="
                + URLEncoder.encode(eventId, StandardCharsets.UTF_8) + afterParam(after));
    return send(host, uri, after)
        .thenApply(
            response -> {
              requireOk(host, response);
              try (JsonParser p = JSON.createParser(response.body())) {
                expectField(p, "seen");
                if (p.nextToken() != JsonToken.VALUE_TRUE) {
                  return Optional.<AppliedEvent>empty();
                }
                expectField(p, "fingerprint");
                p.nextToken();
                Optional<String> fingerprint =
                    p.currentToken() == JsonToken.VALUE_STRING
                        ? Optional.of(p.getText())
                        : Optional.empty();
                return Optional.of(new AppliedEvent(fingerprint));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  /** {@code &after=partition:offset}, or nothing. */
  private static String afterParam(ConsistencyToken after) {
    return after == null
        ? ""
        : "&" + InternalRoutes.AFTER + "=" + after.partition() + ":" + after.offset();
  }

  private CompletableFuture<PeerCalls.Answer> send(HostAddress host, URI uri) {
    return send(host, uri, null);
  }

  /**
   * A call that may wait for {@code after}'s event gets the wait's bound on top of its timeout.
   * Every HTTP answer is reported to the {@link PeerAnswers} listeners first.
   */
  private CompletableFuture<PeerCalls.Answer> send(
      HostAddress host, URI uri, ConsistencyToken after) {
    return calls
        .get(
            uri,
            Authenticator.CLUSTER_HEADER,
            clusterSecret,
            after == null ? timeout : timeout.plus(AppliedOffsets.MAX_WAIT))
        .thenApply(
            response -> {
              InstanceState state = InstanceStateHeader.of(response.header(InstanceStateHeader.NAME));
              for (PeerAnswers listener : listeners) {
                listener.answered(host, state);
              }
              return response;
            });
  }

  @Override
  public void reportAnswersTo(PeerAnswers listener) {
    listeners.add(listener);
  }

  private static String windowParams(Window window) {
    return window == null
        ? ""
        : "&" + InternalRoutes.WINDOW_OFFSET + "=" + window.offset()
            + "&" + InternalRoutes.WINDOW_TOTAL + "=" + window.total()
            + "&" + InternalRoutes.WINDOW_SIGMAS + "=" + window.sigmas()
            + (window.slack() > 0 ? "&" + InternalRoutes.WINDOW_SLACK + "=" + window.slack() : "");
  }

  private static PartialAnswer readPartial(HostAddress host, PeerCalls.Answer response) {
    requireOk(host, response);
    try (JsonParser p = JSON.createParser(response.body())) {
      expectField(p, "total");
      p.nextToken();
      long total = p.getLongValue();
      long from = 0;
      p.nextToken();
      if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("from")) {
        p.nextToken();
        from = p.getLongValue();
        expectField(p, "keys");
      } else if (p.currentToken() != JsonToken.FIELD_NAME || !p.currentName().equals("keys")) {
        expectField(p, "keys");
      }
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new IOException("keys is not an array");
      }
      List<SortKey> keys = new ArrayList<>();
      while (p.nextToken() == JsonToken.START_ARRAY) {
        p.nextToken();
        String type = p.getText();
        p.nextToken();
        Object value =
            switch (type) {
              case "i" -> InstantText.parse(p.getText());
              case "s" -> p.getText();
              default -> null;
            };
        p.nextToken();
        keys.add(new SortKey(value, p.getText()));
        p.nextToken();
      }
      List<byte[]> leads = List.of();
      JsonToken next = p.nextToken();
      if (next == JsonToken.FIELD_NAME && p.currentName().equals("leads")) {
        leads = storedLeads(p, response.body());
      }
      if (!leads.isEmpty() && leads.size() != keys.size()) {
        throw new IOException(leads.size() + " leads for " + keys.size() + " keys");
      }
      if (from < 0 || from + keys.size() > total) {
        throw new IOException(keys.size() + " keys from " + from + " of " + total + " matches");
      }
      return new PartialAnswer(total, keys, staleness(host, response), leads, from);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The leads of a share's {@code leads} array, each the bytes of its JSON object as sent (the
   * stored form, not decoded here).
   */
  private static List<byte[]> storedLeads(JsonParser p, byte[] body) throws IOException {
    if (p.nextToken() != JsonToken.START_ARRAY) {
      throw new IOException("leads is not an array");
    }
    List<byte[]> leads = new ArrayList<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      long start = p.currentTokenLocation().getByteOffset();
      p.skipChildren();
      long end = p.currentTokenLocation().getByteOffset() + 1;
      if (start < 0 || end > body.length || body[(int) start] != '{' || body[(int) end - 1] != '}') {
        throw new IOException("a lead of the share is not where its parser says");
      }
      leads.add(Arrays.copyOfRange(body, (int) start, (int) end));
    }
    return leads;
  }

  /** "may answer from a standby copy at most this many records behind", when allowed. */
  private static String standbyParam(StandbyBound bound) {
    return bound.enabled() ? "&" + InternalRoutes.MAX_STALENESS + "=" + bound.maxRecords() : "";
  }

  private static Staleness staleness(HostAddress host, PeerCalls.Answer response) {
    return StalenessHeader.parse(
            response.header(StalenessHeader.NAME), response.header(StalenessHeader.PARTITIONS_NAME))
        .orElseThrow(() -> new IllegalStateException(host + " sent a malformed staleness header"));
  }

  private static void requireOk(HostAddress host, PeerCalls.Answer response) {
    if (response.status() == 503 && tooExpensive(response.body())) {
      throw new QueryTooExpensiveException(host + " found the query too expensive");
    }
    if (response.status() == 503 && response.header(InternalRoutes.NO_OTHER_COPY).isPresent()) {
      throw UnavailableException.noOtherCopy(
          host + " cannot answer, and no other copy would", retryAfter(response));
    }
    if (response.status() == 503) {
      throw new UnavailableException(host + " cannot answer for its partitions now", retryAfter(response));
    }
    if (response.status() != 200) {
      throw new IllegalStateException(host + " answered " + response.status());
    }
  }

  /** The peer's {@code Retry-After} (1 s to 1 h), or 1 s. */
  private static Duration retryAfter(PeerCalls.Answer response) {
    return response
        .header("Retry-After")
        .filter(RETRY_AFTER_SECONDS.asMatchPredicate())
        .map(seconds -> Duration.ofSeconds(Math.max(1, Math.min(3600, Long.parseLong(seconds)))))
        .orElse(Duration.ofSeconds(1));
  }

  /**
   * Whether a 404 is the internal route's own "no such lead", not a 404 of whatever else answers
   * at the peer's address (an unknown route, a proxy): only the former is an answer.
   */
  private static boolean saysLeadNotFound(byte[] errorBody) {
    try (JsonParser p = JSON.createParser(errorBody)) {
      expectField(p, "message");
      return p.nextToken() == JsonToken.VALUE_STRING
          && ApiError.LEAD_NOT_FOUND_MESSAGE.equals(p.getText());
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean tooExpensive(byte[] errorBody) {
    try (JsonParser p = JSON.createParser(errorBody)) {
      expectField(p, "code");
      return p.nextToken() == JsonToken.VALUE_STRING && "QUERY_TOO_EXPENSIVE".equals(p.getText());
    } catch (IOException e) {
      return false;
    }
  }

  private static void expectField(JsonParser p, String name) throws IOException {
    while (p.nextToken() != null) {
      if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals(name)) {
        return;
      }
    }
    throw new IOException("field " + name + " not found");
  }
}
