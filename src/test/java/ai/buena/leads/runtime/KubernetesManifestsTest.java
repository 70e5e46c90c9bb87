package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.http.ApiServer;
import ai.buena.leads.http.Readiness;
import ai.buena.leads.query.LeadPage;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.LeadQueryService;
import ai.buena.leads.lead.Lead;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** ops/k8s: every manifest parses, and the invariants between them and the jar hold. */
class KubernetesManifestsTest {
  private static final Path K8S = Path.of("ops/k8s");
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Z0-9_]+)");
  private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Z0-9_]+)\\)");

  private static final Map<String, JsonNode> byKind = new LinkedHashMap<>();
  private static JsonNode statefulSet;
  private static JsonNode pod;
  private static JsonNode container;

  @BeforeAll
  static void parseManifests() throws IOException {
    for (JsonNode manifest : manifests()) {
      String key = manifest.path("kind").asText() + "/" + manifest.path("metadata").path("name").asText();
      byKind.put(key, manifest);
    }
    statefulSet = byKind.get("StatefulSet/lead-projection");
    pod = statefulSet.path("spec").path("template");
    container = pod.path("spec").path("containers").get(0);
  }

  @Test
  void shouldListEveryManifestInTheKustomization() throws IOException {
    JsonNode kustomization = YAML.readTree(K8S.resolve("kustomization.yaml").toFile());
    Set<String> listed = new TreeSet<>();
    kustomization.path("resources").forEach(resource -> listed.add(resource.asText()));

    assertThat(listed).isEqualTo(manifestFiles());
    assertThat(byKind.keySet())
        .containsExactlyInAnyOrder(
            "StatefulSet/lead-projection",
            "Service/lead-projection-headless",
            "Service/lead-projection",
            "PodDisruptionBudget/lead-projection");
  }

  @Test
  void shouldNameTheHeadlessServiceThatPublishesNotReadyPodsAsTheStatefulSetsService() {
    JsonNode headless = byKind.get("Service/" + statefulSet.path("spec").path("serviceName").asText());

    assertThat(headless).as("the Service named by spec.serviceName").isNotNull();
    assertThat(headless.path("spec").path("clusterIP").asText()).isEqualTo("None");
    assertThat(headless.path("spec").path("publishNotReadyAddresses").asBoolean()).isTrue();
  }

  @Test
  void shouldSelectThePodsLabelsInEverySelector() {
    Map<String, String> podLabels = strings(pod.path("metadata").path("labels"));

    assertThat(podLabels).containsAllEntriesOf(strings(statefulSet.at("/spec/selector/matchLabels")));
    for (JsonNode manifest : byKind.values()) {
      JsonNode selector =
          manifest.path("kind").asText().equals("Service")
              ? manifest.at("/spec/selector")
              : manifest.at("/spec/selector/matchLabels");
      assertThat(strings(selector)).as(manifest.at("/metadata/name").asText()).isNotEmpty();
      assertThat(podLabels).as(manifest.at("/metadata/name").asText()).containsAllEntriesOf(strings(selector));
    }
    assertThat(byKind.get("PodDisruptionBudget/lead-projection").at("/spec/maxUnavailable").asInt())
        .isEqualTo(1);
  }

  @Test
  void shouldUseTheHttpPortEverywhere() {
    Map<String, String> env = literalEnv();
    JsonNode port = container.path("ports").get(0);
    String portName = port.path("name").asText();

    assertThat(port.path("containerPort").asText()).isEqualTo(env.get("HTTP_PORT"));
    for (String service : List.of("Service/lead-projection", "Service/lead-projection-headless")) {
      assertThat(byKind.get(service).at("/spec/ports/0/targetPort").asText()).isEqualTo(portName);
    }
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      assertThat(container.path(probe).at("/httpGet/port").asText()).as(probe).isEqualTo(portName);
    }
    assertThat(pod.at("/metadata/annotations/prometheus.io~1port").asText()).isEqualTo(env.get("HTTP_PORT"));
  }

  @Test
  void shouldProbePathsTheServerAnswers() {
    Set<String> getRoutes = new HashSet<>();
    try (ApiServer server = ApiServer.start(0, Readiness.Status::ok, NO_LEADS, keyHash -> Optional.empty())) {
      server.routes().stream()
          .filter(route -> route.method().equals("GET"))
          .forEach(route -> getRoutes.add(route.path()));
    }

    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      assertThat(getRoutes).as(probe).contains(container.path(probe).at("/httpGet/path").asText());
    }
  }

  @Test
  void shouldSetOnlyEnvironmentVariablesTheServiceReads() throws IOException {
    Set<String> read = new TreeSet<>(environmentReadByServe());
    read.addAll(environmentReadByLogback());
    read.add("JAVA_TOOL_OPTIONS"); // read by the JVM itself
    read.add("MALLOC_ARENA_MAX"); // read by glibc's malloc
    Set<String> referenced = new TreeSet<>();
    container.path("env").forEach(var -> {
      Matcher matcher = REFERENCE.matcher(var.path("value").asText());
      while (matcher.find()) {
        referenced.add(matcher.group(1));
      }
    });

    for (JsonNode var : container.path("env")) {
      String name = var.path("name").asText();
      assertThat(read.contains(name) || referenced.contains(name))
          .as("%s is neither read by serve (%s) nor used by another variable", name, read)
          .isTrue();
    }
  }

  @Test
  void shouldAdvertiseEachPodsStableDnsNameOnTheHttpPort() {
    String template = literalEnv().get("ADVERTISED_URL");
    String url = template.replace("$(POD_NAME)", "lead-projection-0").replace("$(NAMESPACE)", "leads");
    URI advertised = URI.create(url);

    assertThat(fieldRef("POD_NAME")).isEqualTo("metadata.name");
    assertThat(fieldRef("NAMESPACE")).isEqualTo("metadata.namespace");
    assertThat(advertised.getScheme()).isEqualTo("http");
    assertThat(advertised.getHost())
        .isEqualTo("lead-projection-0." + statefulSet.at("/spec/serviceName").asText() + ".leads.svc");
    assertThat(Integer.toString(advertised.getPort())).isEqualTo(literalEnv().get("HTTP_PORT"));
    assertThat(url).matches("https?://[^/:]+:\\d+/?");
  }

  @Test
  void shouldTakeSecretsFromSecretsOnly() {
    JsonNode clusterSecret = env("CLUSTER_SECRET");
    String configFile = literalEnv().get("KAFKA_CONFIG_FILE");
    JsonNode mount = mountOf(Path.of(configFile).getParent().toString());
    JsonNode volume = volume(mount.path("name").asText());

    assertThat(clusterSecret.has("value")).isFalse();
    assertThat(clusterSecret.at("/valueFrom/secretKeyRef/name").asText()).isNotEmpty();
    assertThat(mount.path("readOnly").asBoolean()).isTrue();
    assertThat(volume.at("/secret/secretName").asText()).isNotEmpty();
    assertThat(volume.at("/secret/items/0/path").asText())
        .isEqualTo(Path.of(configFile).getFileName().toString());
    for (JsonNode var : container.path("env")) {
      if (var.path("name").asText().matches(".*(SECRET|PASSWORD|KEY).*")) {
        assertThat(var.has("value")).as(var.path("name").asText()).isFalse();
      }
    }
  }

  @Test
  void shouldKeepDataOnAVolumePerPodAndNothingElseWritable() {
    JsonNode dataMount = mountOf(literalEnv().get("DATA_DIR"));
    Set<String> claimTemplates = new HashSet<>();
    statefulSet.at("/spec/volumeClaimTemplates").forEach(t -> claimTemplates.add(t.at("/metadata/name").asText()));

    assertThat(claimTemplates).contains(dataMount.path("name").asText());
    assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
    assertThat(pod.at("/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(volume(mountOf("/tmp").path("name").asText()).has("emptyDir")).isTrue();
    assertThat(literalEnv().get("JAVA_TOOL_OPTIONS")).contains("-Djava.io.tmpdir=/tmp");
  }

  @Test
  void shouldAllowTheDrainAndTheShutdownWithinTheGracePeriod() {
    JsonNode preStop = container.at("/lifecycle/preStop/exec/command");
    long drainSeconds = preStop.get(preStop.size() - 1).asLong();
    long grace = pod.at("/spec/terminationGracePeriodSeconds").asLong();
    long appDrainSeconds = Duration.parse(literalEnv().get("DRAIN_PERIOD")).toSeconds();
    long margin = 5; // the JVM's own exit

    assertThat(preStop.get(0).asText()).isEqualTo("sleep");
    assertThat(drainSeconds).isBetween(1L, 15L);
    assertThat(grace)
        .isGreaterThanOrEqualTo(
            drainSeconds
                + appDrainSeconds
                + LeadProjectionApp.STOP_AFTER_DRAIN.toSeconds()
                + margin);
  }

  @Test
  void shouldLeaveRoomOutsideTheHeapWithinTheMemoryLimit() {
    long heap = mebibytes(flag(literalEnv().get("JAVA_TOOL_OPTIONS"), "-Xmx"));
    long limit = mebibytes(container.at("/resources/limits/memory").asText());
    long request = mebibytes(container.at("/resources/requests/memory").asText());
    // ops/runbook.md, Memory sizing: RSS = heap + 0.5 GiB, RocksDB's 96 MiB included.
    long outsideHeap = 512;

    assertThat(limit).isGreaterThanOrEqualTo(heap + outsideHeap);
    assertThat(request).isEqualTo(limit);
    assertThat(BoundedRocksDbMemory.TOTAL_BYTES / (1024 * 1024)).isLessThan(outsideHeap);
  }

  @Test
  void shouldRenderWithKustomizeWhereKubectlIsInstalled() throws Exception {
    Assumptions.assumeTrue(onPath("kubectl"), "kubectl is not installed");
    Process kubectl =
        new ProcessBuilder("kubectl", "kustomize", K8S.toString()).redirectErrorStream(true).start();
    String rendered = new String(kubectl.getInputStream().readAllBytes());
    assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(kubectl.exitValue()).as(rendered).isZero();
    List<String> kinds = new ArrayList<>();
    YAML.readValues(YAML.createParser(rendered), JsonNode.class)
        .forEachRemaining(doc -> kinds.add(doc.path("kind").asText()));
    assertThat(kinds).containsExactlyInAnyOrder("StatefulSet", "Service", "Service", "PodDisruptionBudget");
  }

  private static final LeadQueryService NO_LEADS =
      new LeadQueryService() {
        @Override
        public LeadPage list(String workspaceId, LeadQuery query) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Lead> get(String workspaceId, String leadId) {
          return Optional.empty();
        }
      };

  private static Set<String> environmentReadByServe() {
    Set<String> names = new TreeSet<>();
    CommandLine serve = Main.commandLine().getSubcommands().get("serve");
    for (CommandLine.Model.OptionSpec option : serve.getCommandSpec().options()) {
      // the declared default (${env:NAME:-...}), not the one interpolated from this environment
      if (option.userObject() instanceof java.lang.reflect.Field field
          && field.isAnnotationPresent(CommandLine.Option.class)) {
        String defaultValue = field.getAnnotation(CommandLine.Option.class).defaultValue();
        Matcher matcher = ENV_DEFAULT.matcher(defaultValue);
        while (matcher.find()) {
          names.add(matcher.group(1));
        }
      }
    }
    return names;
  }

  private static Set<String> environmentReadByLogback() throws IOException {
    String config = new String(KubernetesManifestsTest.class.getResourceAsStream("/logback.xml").readAllBytes());
    Set<String> names = new TreeSet<>();
    Matcher matcher = Pattern.compile("\\$\\{([A-Z0-9_]+)").matcher(config);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  private static List<JsonNode> manifests() throws IOException {
    List<JsonNode> all = new ArrayList<>();
    for (String file : manifestFiles()) {
      YAML.readValues(YAML.createParser(K8S.resolve(file).toFile()), JsonNode.class)
          .forEachRemaining(all::add);
    }
    return all;
  }

  private static Set<String> manifestFiles() throws IOException {
    try (Stream<Path> files = Files.list(K8S)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))
          .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }
  }

  private static Map<String, String> literalEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    container.path("env").forEach(var -> {
      if (var.has("value")) {
        env.put(var.path("name").asText(), var.path("value").asText());
      }
    });
    return env;
  }

  private static JsonNode env(String name) {
    for (JsonNode var : container.path("env")) {
      if (var.path("name").asText().equals(name)) {
        return var;
      }
    }
    throw new AssertionError("no env " + name);
  }

  private static String fieldRef(String name) {
    return env(name).at("/valueFrom/fieldRef/fieldPath").asText();
  }

  private static JsonNode mountOf(String path) {
    for (JsonNode mount : container.path("volumeMounts")) {
      if (mount.path("mountPath").asText().equals(path)) {
        return mount;
      }
    }
    throw new AssertionError("nothing mounted at " + path);
  }

  private static JsonNode volume(String name) {
    for (JsonNode volume : pod.at("/spec/volumes")) {
      if (volume.path("name").asText().equals(name)) {
        return volume;
      }
    }
    ObjectNode none = JsonNodeFactory.instance.objectNode();
    return none;
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> map = new LinkedHashMap<>();
    object.fields().forEachRemaining(field -> map.put(field.getKey(), field.getValue().asText()));
    return map;
  }

  private static String flag(String options, String prefix) {
    for (String option : options.split("\\s+")) {
      if (option.startsWith(prefix)) {
        return option.substring(prefix.length());
      }
    }
    throw new AssertionError("no " + prefix + " in " + options);
  }

  /** 1536m, 2560Mi, 3Gi, 2g as MiB. */
  private static long mebibytes(String quantity) {
    Matcher matcher = Pattern.compile("(\\d+)([mMgG])i?").matcher(quantity);
    assertThat(matcher.matches()).as(quantity).isTrue();
    long value = Long.parseLong(matcher.group(1));
    return matcher.group(2).equalsIgnoreCase("g") ? value * 1024 : value;
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    return path != null
        && Stream.of(path.split(java.io.File.pathSeparator))
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }
}
