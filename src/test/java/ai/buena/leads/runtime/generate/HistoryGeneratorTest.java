package ai.buena.leads.runtime.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class HistoryGeneratorTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final String WORKSPACE = "ws_test";
  private static final Set<String> CLEARABLE_BY_UPDATES =
      Set.of("phone", "notes", "linkedinUrl", "location");

  @Test
  void theSameSeedWorkspaceAndStartGiveTheSameBytes() {
    assertThat(String.join("\n", lines(42, WORKSPACE, 2_000)))
        .isEqualTo(String.join("\n", lines(42, WORKSPACE, 2_000)));
  }

  @Test
  void aDifferentSeedGivesDifferentLeads() {
    List<String> first = lines(42, WORKSPACE, 500);
    List<String> second = lines(43, WORKSPACE, 500);

    assertThat(second).isNotEqualTo(first);
    assertThat(leadIds(second)).doesNotContainAnyElementsOf(leadIds(first));
  }

  @Test
  void differentWorkspacesNeverShareLeadOrEventIds() {
    List<String> acme = lines(42, "ws_acme", 1_000);
    List<String> globex = lines(42, "ws_globex", 1_000);

    assertThat(leadIds(globex)).doesNotContainAnyElementsOf(leadIds(acme));
    assertThat(field(globex, "eventId")).doesNotContainAnyElementsOf(field(acme, "eventId"));
    assertThat(field(acme, "workspaceId")).containsOnly("ws_acme");
  }

  @Test
  void everyLineIsAValidEventOfTheContract() {
    List<String> lines = lines(7, WORKSPACE, 5_000);

    assertThat(lines).allSatisfy(EventContract::assertValidLine);
  }

  @Test
  void everyLineOfTheInterleavedModeIsAValidEventOfTheContract() {
    List<String> lines = new ArrayList<>();
    new HistoryGenerator(7, WORKSPACE, START).generateInterleaved(3_000, lines::add);

    assertThat(lines).allSatisfy(EventContract::assertValidLine);
  }

  @Test
  void leadIdsAreStableAndShort() {
    Set<String> ids = leadIds(lines(42, WORKSPACE, 3_000));

    assertThat(ids).hasSize(3_000);
    assertThat(ids).allSatisfy(id -> assertThat(id).matches("lead_[a-z0-9]{8}_[a-z0-9]{6}"));
  }

  @Test
  void eachLeadsEventsComeTogetherStartingWithCreatedAndInTimeOrder() {
    List<JsonNode> events = parse(lines(11, WORKSPACE, 20_000));
    Set<String> finishedLeads = new HashSet<>();
    String currentLead = null;
    Instant previous = null;
    boolean deleted = false;

    for (JsonNode event : events) {
      String leadId = event.get("leadId").asText();
      Instant occurredAt = Instant.parse(event.get("occurredAt").asText());
      String type = event.get("type").asText();
      if (!leadId.equals(currentLead)) {
        assertThat(finishedLeads.add(leadId)).as("events of %s are contiguous", leadId).isTrue();
        assertThat(type).as("first event of %s", leadId).isEqualTo("LeadCreated");
        currentLead = leadId;
        deleted = false;
      } else {
        assertThat(type).isNotEqualTo("LeadCreated");
        assertThat(deleted).as("nothing after LeadDeleted of %s", leadId).isFalse();
        assertThat(occurredAt).isAfterOrEqualTo(previous);
      }
      deleted = type.equals("LeadDeleted");
      previous = occurredAt;
    }
  }

  @Test
  void historiesSpreadOverAboutTwoYearsBeforeTheStart() {
    List<Instant> times =
        parse(lines(5, WORKSPACE, 20_000)).stream()
            .map(event -> Instant.parse(event.get("occurredAt").asText()))
            .toList();
    Instant earliest = times.stream().min(Instant::compareTo).orElseThrow();
    Instant latest = times.stream().max(Instant::compareTo).orElseThrow();

    assertThat(latest).isBeforeOrEqualTo(START);
    assertThat(earliest).isAfterOrEqualTo(START.minus(Duration.ofDays(731)));
    assertThat(Duration.between(earliest, latest).toDays()).isGreaterThan(650);
  }

  @Test
  void eventIdsAreUniqueAcrossTheRun() {
    List<String> ids = field(lines(3, WORKSPACE, 30_000), "eventId");

    assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
  }

  @Test
  void theMixOfLeadsAndEventsIsRoughlyAsIntended() {
    int leadCount = 20_000;
    Map<String, List<JsonNode>> histories = byLead(parse(lines(42, WORKSPACE, leadCount)));
    List<JsonNode> created = firstOfType(histories, "LeadCreated");

    assertThat(histories).hasSize(leadCount);
    assertThat(shareOfLeads(histories, "LeadContacted")).isCloseTo(0.60, within(0.03));
    assertThat(shareOfLeads(histories, "LeadDeleted")).isCloseTo(0.02, within(0.005));
    assertThat(shareOfLeads(histories, "LeadUpdated")).isBetween(0.55, 0.75);
    assertThat(histories.values())
        .allSatisfy(history -> assertThat(count(history, "LeadUpdated")).isBetween(0L, 3L))
        .allSatisfy(history -> assertThat(count(history, "LeadContacted")).isBetween(0L, 3L));

    assertThat(share(created, data -> data.get("status").asText().equals("new")))
        .isBetween(0.80, 0.92);
    assertThat(distinct(created, "status"))
        .containsExactlyInAnyOrder("new", "contacted", "replied", "converted", "cold");
    Map<String, Double> sources = shares(created, "source");
    assertThat(sources).containsOnlyKeys("linkedin", "website", "referral", "import", "api");
    assertThat(sources.get("linkedin")).isGreaterThan(sources.get("website"));
    assertThat(sources.get("website")).isGreaterThan(sources.get("api"));
    assertThat(share(created, data -> data.get("phone").isNull())).isBetween(0.2, 0.4);
    assertThat(share(created, data -> data.get("notes").isTextual())).isBetween(0.25, 0.45);
    assertThat(created)
        .allSatisfy(data -> assertThat(data.get("tags").size()).isBetween(0, 4))
        .allSatisfy(data -> assertThat(data.get("customFields").size()).isBetween(0, 4));
    assertThat(distinct(created, "firstName")).hasSizeGreaterThanOrEqualTo(150);
    assertThat(distinct(created, "company")).contains("Google", "Tech Corp");
  }

  @Test
  void updatesArePartialPatchesThatSometimesClearAFieldOrRemoveACustomField() {
    List<JsonNode> allUpdates =
        parse(lines(42, WORKSPACE, 10_000)).stream()
            .filter(event -> event.get("type").asText().equals("LeadUpdated"))
            .map(event -> event.get("data"))
            .toList();

    assertThat(allUpdates).hasSizeGreaterThan(5_000);
    assertThat(allUpdates).allSatisfy(data -> assertThat(data.size()).isBetween(1, 4));
    assertThat(allUpdates)
        .anySatisfy(data -> assertThat(data.has("title")).isTrue())
        .anySatisfy(data -> assertThat(data.has("tags")).isTrue())
        .anySatisfy(data -> assertThat(data.path("customFields").isObject()).isTrue())
        .anySatisfy(data -> assertThat(hasNullCustomField(data)).isTrue())
        .anySatisfy(data -> assertThat(data.path("phone").isNull()).isTrue());
    assertThat(distinct(allUpdates, "status"))
        .containsExactlyInAnyOrder("replied", "converted", "cold");
    for (JsonNode data : allUpdates) {
      data.properties().stream()
          .filter(field -> field.getValue().isNull())
          .forEach(field -> assertThat(field.getKey()).isIn(CLEARABLE_BY_UPDATES));
    }
  }

  @Test
  void theDeleteRatioIsAParameter() {
    assertThat(shareOfLeads(byLead(parse(lines(9, 0.0, 5_000))), "LeadDeleted")).isZero();
    assertThat(shareOfLeads(byLead(parse(lines(9, 1.0, 2_000))), "LeadDeleted")).isEqualTo(1.0);
    assertThat(shareOfLeads(byLead(parse(lines(9, 0.5, 5_000))), "LeadDeleted"))
        .isCloseTo(0.5, within(0.03));
  }

  @Test
  void theInterleavedModeMixesLeadsButKeepsEachLeadsHistory() {
    HistoryGenerator generator = new HistoryGenerator(42, WORKSPACE, START);
    List<String> contiguous = new ArrayList<>();
    List<String> interleaved = new ArrayList<>();
    generator.generate(2_500, contiguous::add);
    generator.generateInterleaved(2_500, interleaved::add);

    assertThat(interleaved)
        .isNotEqualTo(contiguous)
        .containsExactlyInAnyOrderElementsOf(contiguous);
    assertThat(linesByLead(interleaved)).isEqualTo(linesByLead(contiguous));
  }

  @Test
  void theNameListsAreLargeAndHoldTheSeedsExamples() {
    assertThat(Vocabulary.FIRST_NAMES)
        .hasSizeGreaterThanOrEqualTo(150)
        .doesNotHaveDuplicates()
        .contains("John", "Jane");
    assertThat(Vocabulary.LAST_NAMES)
        .hasSizeGreaterThanOrEqualTo(150)
        .doesNotHaveDuplicates()
        .contains("Doe", "Smith");
    assertThat(Vocabulary.COMPANIES).hasSizeGreaterThanOrEqualTo(80);
    assertThat(Vocabulary.COMPANIES.stream().map(Vocabulary.Company::name))
        .doesNotHaveDuplicates()
        .contains("Google", "Tech Corp", "Startup Inc");
    assertThat(Vocabulary.TITLES)
        .hasSizeGreaterThanOrEqualTo(60)
        .doesNotHaveDuplicates()
        .contains(
            "Senior Software Engineer",
            "Software Engineer",
            "CTO",
            "VP Sales",
            "Director of Engineering",
            "Head of Marketing");
    assertThat(Vocabulary.LOCATIONS).hasSizeGreaterThanOrEqualTo(40);
    assertThat(Vocabulary.LOCATIONS.stream().map(Vocabulary.Location::name))
        .doesNotHaveDuplicates()
        .contains("San Francisco, CA", "New York, NY");
  }

  @Test
  void emailsAreDerivedFromTheNames() {
    List<JsonNode> created = firstOfType(byLead(parse(lines(42, WORKSPACE, 2_000))), "LeadCreated");

    assertThat(created)
        .allSatisfy(
            data ->
                assertThat(data.get("email").asText())
                    .startsWith(
                        LeadAttributes.slug(data.get("firstName").asText()).substring(0, 1)));
    assertThat(share(created, data -> data.get("email").asText().endsWith("@techcorp.com")))
        .isPositive();
  }

  @Test
  void invalidArgumentsAreRejected() {
    assertThatThrownBy(() -> new HistoryGenerator(1, "bad workspace", START))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HistoryGenerator(1, WORKSPACE, START, 1.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HistoryGenerator(1, WORKSPACE, START).generate(-1, line -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hundredThousandLeadsGenerateQuickly() {
    HistoryGenerator generator = new HistoryGenerator(42, WORKSPACE, START);
    long[] bytes = {0};
    long began = System.nanoTime();
    long events = generator.generate(100_000, line -> bytes[0] += line.length() + 1);
    long millis = (System.nanoTime() - began) / 1_000_000;

    System.out.printf(
        "HistoryGenerator: 100000 leads, %d events, %d MB in %d ms%n",
        events, bytes[0] >> 20, millis);
    assertThat(events).isGreaterThan(100_000);
  }

  private static List<String> lines(long seed, String workspace, int leads) {
    List<String> lines = new ArrayList<>();
    new HistoryGenerator(seed, workspace, START).generate(leads, lines::add);
    return lines;
  }

  private static List<String> lines(long seed, double deleteRatio, int leads) {
    List<String> lines = new ArrayList<>();
    new HistoryGenerator(seed, WORKSPACE, START, deleteRatio).generate(leads, lines::add);
    return lines;
  }

  private static List<JsonNode> parse(List<String> lines) {
    return lines.stream().map(EventContract::parse).toList();
  }

  private static List<String> field(List<String> lines, String name) {
    return parse(lines).stream().map(event -> event.get(name).asText()).toList();
  }

  private static Set<String> leadIds(List<String> lines) {
    return new HashSet<>(field(lines, "leadId"));
  }

  private static Map<String, List<JsonNode>> byLead(List<JsonNode> events) {
    Map<String, List<JsonNode>> histories = new LinkedHashMap<>();
    for (JsonNode event : events) {
      histories.computeIfAbsent(event.get("leadId").asText(), id -> new ArrayList<>()).add(event);
    }
    return histories;
  }

  private static Map<String, List<String>> linesByLead(List<String> lines) {
    Map<String, List<String>> histories = new LinkedHashMap<>();
    for (String line : lines) {
      String leadId = EventContract.parse(line).get("leadId").asText();
      histories.computeIfAbsent(leadId, id -> new ArrayList<>()).add(line);
    }
    return histories;
  }

  private static List<JsonNode> firstOfType(Map<String, List<JsonNode>> histories, String type) {
    return histories.values().stream()
        .flatMap(
            history ->
                history.stream().filter(event -> event.get("type").asText().equals(type)).limit(1))
        .map(event -> event.get("data"))
        .toList();
  }

  private static long count(List<JsonNode> history, String type) {
    return history.stream().filter(event -> event.get("type").asText().equals(type)).count();
  }

  private static double shareOfLeads(Map<String, List<JsonNode>> histories, String type) {
    long leads = histories.values().stream().filter(history -> count(history, type) > 0).count();
    return (double) leads / histories.size();
  }

  private static double share(List<JsonNode> items, Predicate<JsonNode> test) {
    return (double) items.stream().filter(test).count() / items.size();
  }

  private static Set<String> distinct(List<JsonNode> data, String field) {
    Set<String> values = new HashSet<>();
    data.stream()
        .filter(item -> item.has(field))
        .forEach(item -> values.add(item.get(field).asText()));
    return values;
  }

  private static Map<String, Double> shares(List<JsonNode> data, String field) {
    Map<String, Double> shares = new LinkedHashMap<>();
    for (String value : distinct(data, field)) {
      shares.put(value, share(data, item -> item.get(field).asText().equals(value)));
    }
    return shares;
  }

  private static boolean hasNullCustomField(JsonNode data) {
    JsonNode fields = data.path("customFields");
    return fields.isObject()
        && fields.properties().stream().anyMatch(field -> field.getValue().isNull());
  }
}
