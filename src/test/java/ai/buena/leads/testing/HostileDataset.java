package ai.buena.leads.testing;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.lead.Lead;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Lead sets built to break what the query engine assumes about data (issue 13): each lead is drawn
 * on its own from the seed and its index, so a set of any size streams in constant memory and
 * the same (seed, index) always gives the same lead.
 *
 * <ul>
 *   <li>{@link #MONOCULTURE}: half the leads at one company, 30 % named Maria, every title a
 *       "manager", one e-mail domain for everybody;
 *   <li>{@link #NUMBERED}: "Lead 000001": numbered last names, companies, titles and addresses
 *       with long common prefixes (nearly every value distinct), created in bulk imports of
 *       10,000 leads sharing one instant;
 *   <li>{@link #LONG_UNICODE}: CJK, emoji (surrogate pairs), accents, a capital dotted I (its lower
 *       case is two chars), and some values at the 1,000-char limit;
 *   <li>in every set, as the projection makes them, a lead of status {@code new} was never
 *       contacted ({@code lastContactedAt} null, so it sorts last by it);
 *   <li>{@link #ORDINARY}: many names, companies and titles, none dominant; the base of the churn
 *       and many-tenants runs ({@link #churnOf}, {@link #tenantLead}).
 *   <li>{@link #REPETITIVE}: a fifth of the titles {@code Aab aaaa…} (about 1,000 chars, each
 *       distinct by its number), a tenth of the companies one run of {@code a}s, a twentieth of the
 *       addresses {@code aab aaaa…@x.io}: the worst case of a substring test ({@code aaa…ab} in
 *       them), which costs microseconds per value rather than nanoseconds.
 * </ul>
 */
public enum HostileDataset {
  MONOCULTURE,
  NUMBERED,
  LONG_UNICODE,
  ORDINARY,
  REPETITIVE;

  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  private static final long TWO_YEARS = 2L * 365 * 86_400;
  private static final String[] SYLLABLES = {
    "an", "ma", "ri", "jo", "el", "ka", "to", "mi", "sa", "le", "no", "ra", "be", "ul", "di", "fe",
    "go", "hi", "ir", "ve"
  };
  private static final String[] LAST_ENDINGS = {"son", "mann", "ez", "ova", "ski", "er", "sen", "ini"};
  private static final String[] COMPANY_ENDINGS = {"GmbH", "Inc", "Ltd", "Software", "Systems", "Group", "AG"};
  private static final String[] LEVELS = {"Junior", "Senior", "Lead", "Head of", "Principal", "Chief", "Associate"};
  private static final String[] ROLES = {"Engineer", "Manager", "Designer", "Analyst", "Recruiter", "Consultant"};
  private static final String[] DEPARTMENTS = {"Sales", "Marketing", "Platform", "Finance", "Operations", "People"};
  private static final String[] DOMAINS = {"gmail.com", "outlook.com", "yahoo.com", "web.de", "proton.me", "icloud.com"};
  private static final String[] UNICODE_NAMES = {
    "José", "Zoë", "Ørjan", "İlkay", "Ştefan", "Müller", "Łukasz", "Ærøskøbing", "Ñandú", "ÅSA"
  };
  private static final String CJK = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗株式会社有限公司";
  private static final String[] EMOJI = {"🚀", "😀", "🎉", "💼", "🌍", "🔥"};

  /** The command-line spelling: {@code monoculture}, {@code numbered}, ... */
  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static HostileDataset fromWire(String text) {
    for (HostileDataset dataset : values()) {
      if (dataset.wire().equals(text)) {
        return dataset;
      }
    }
    throw new IllegalArgumentException("unknown data set '" + text + "'");
  }

  /** The lead at {@code index} of this set in {@code workspace}, drawn from {@code seed}. */
  public Lead lead(long seed, String workspace, int index) {
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    String id = String.format("lead_%s_%07d", workspace, index);
    return switch (this) {
      case MONOCULTURE -> monoculture(random, id, workspace, index);
      case NUMBERED -> numbered(random, id, workspace, index);
      case LONG_UNICODE -> longUnicode(random, id, workspace);
      case ORDINARY -> ordinary(random, id, workspace);
      case REPETITIVE -> repetitive(random, id, workspace, index);
    };
  }

  /**
   * Terms and values that are frequent in this set, for request sets: what a client would ask
   * (each search at least two code points, as the API requires).
   */
  public Probes probes() {
    return switch (this) {
      case MONOCULTURE -> new Probes(
          List.of("maria", "manager", "example", "example.com", "@example.com", "acme corporation", "ma"),
          "Acme Corporation", "manager");
      case NUMBERED -> new Probes(
          List.of("lead", "0000", "00", "company 0", "lead0", "import-example.com", "executive"),
          "Company 000042", "executive");
      case LONG_UNICODE -> new Probes(
          List.of("株式会社", "王 🚀", "für", "\u0069\u0307lkay", "müller", "ørjan", "ü 王"), "株式会社 王 🚀", "🚀");
      case ORDINARY -> new Probes(
          List.of("an", "ma", "son", "engineer", "gmail.com", "software"), "Anma Software", "engineer");
      case REPETITIVE -> new Probes(
          List.of("aab", "a".repeat(15) + "b", "a".repeat(31) + "b", "a".repeat(199) + "b", "a".repeat(120)),
          "a".repeat(200),
          "a".repeat(199) + "b");
    };
  }

  /** Frequent search terms, a company many leads have, a frequent title word. */
  public record Probes(List<String> frequentTerms, String denseCompany, String denseTitleWord) {}

  private static Lead monoculture(SplittableRandom r, String id, String workspace, int index) {
    String first = r.nextInt(10) < 3 ? "Maria" : name(r);
    String last = lastName(r);
    String company = r.nextBoolean() ? "Acme Corporation" : company(r);
    String title = pick(r, LEVELS) + " Manager " + pick(r, DEPARTMENTS);
    String email = (first + "." + last + index % 1_000 + "@example.com").toLowerCase(Locale.ROOT);
    return lead(r, id, workspace, first, last, email, company, title, randomTime(r));
  }

  private static Lead numbered(SplittableRandom r, String id, String workspace, int index) {
    Instant imported = START.plusSeconds((long) (index / 10_000) * 86_400 * 3 + 3_600);
    return lead(
        r, id, workspace,
        "Lead",
        String.format("%06d", index),
        String.format("lead%06d@import-example.com", index),
        String.format("Company %06d", index / 10),
        String.format("Account Executive %05d", index % 50_000),
        imported);
  }

  private static Lead longUnicode(SplittableRandom r, String id, String workspace) {
    int kind = r.nextInt(100);
    String first =
        kind < 30 ? cjk(r, 1 + r.nextInt(2)) : kind < 60 ? pick(r, UNICODE_NAMES) : kind < 65 ? pick(r, EMOJI) + name(r) : name(r);
    String last = kind % 3 == 0 ? cjk(r, 1) : kind % 3 == 1 ? pick(r, UNICODE_NAMES) + pick(r, LAST_ENDINGS) : lastName(r);
    String company =
        r.nextInt(100) < 3
            ? upTo(r, "株式会社 王 🚀 Ünïcödé Holding ", 1_000)
            : r.nextInt(4) == 0 ? "株式会社 王 🚀" : cjk(r, 2) + " " + pick(r, COMPANY_ENDINGS);
    String title =
        r.nextInt(100) < 3
            ? upTo(r, pick(r, LEVELS) + " 🚀 " + pick(r, ROLES) + " für Ærøskøbing ", 1_000)
            : pick(r, LEVELS) + " " + pick(r, ROLES) + (r.nextBoolean() ? " 🚀" : " für " + pick(r, UNICODE_NAMES));
    String local =
        r.nextInt(100) < 2
            ? upTo(r, "müller.王.", 200)
            : pick(r, UNICODE_NAMES).toLowerCase(Locale.ROOT) + "." + cjk(r, 1) + r.nextInt(10_000);
    String email = local + "@exämple.de";
    return lead(r, id, workspace, first, last, email, company, title, randomTime(r));
  }

  private static Lead repetitive(SplittableRandom r, String id, String workspace, int index) {
    Lead ordinary = ordinary(r, id, workspace);
    int kind = r.nextInt(20);
    String title = kind < 4 ? "Aab" + "a".repeat(990) + index : ordinary.title();
    String company = kind < 2 ? "A" + "a".repeat(999) : ordinary.company();
    String email = kind == 0 ? "aab" + "a".repeat(900) + index + "@x.io" : ordinary.email();
    return lead(r, id, workspace, ordinary.firstName(), ordinary.lastName(), email, company, title, randomTime(r));
  }

  private static Lead ordinary(SplittableRandom r, String id, String workspace) {
    String first = name(r);
    String last = lastName(r);
    String email = (first + "." + last + r.nextInt(1_000) + "@" + pick(r, DOMAINS)).toLowerCase(Locale.ROOT);
    String title = pick(r, LEVELS) + " " + pick(r, ROLES) + " " + pick(r, DEPARTMENTS);
    return lead(r, id, workspace, first, last, email, company(r), title, randomTime(r));
  }

  /**
   * The {@code index}-th write of a churn over {@code count} leads: a third deleted, a third
   * renamed (first name, e-mail, company) with a new status, and as many new leads added (taking
   * the freed doc numbers); null for the indexes churn leaves alone.
   */
  public static Lead churnOf(long seed, String workspace, Lead before, int index) {
    SplittableRandom r = new SplittableRandom(seed * 31 + index);
    if (index % 3 != 1) {
      return null;
    }
    String first = name(r);
    return new Lead(
        before.id(), before.workspaceId(), first, before.lastName(),
        (first + "." + index + "@" + pick(r, DOMAINS)).toLowerCase(Locale.ROOT), null,
        company(r), before.title(), null, null, pick(r, LeadStatus.values()), before.source(), null,
        List.of(), Map.of(), before.createdAt(), before.updatedAt().plusSeconds(60), before.lastContactedAt());
  }

  /** A lead of a small workspace ({@code ws_small_0000}...), beside a large one. */
  public static Lead tenantLead(long seed, int tenant, int index) {
    return ORDINARY.lead(seed + tenant, String.format("ws_small_%04d", tenant), index);
  }

  private static Lead lead(
      SplittableRandom r, String id, String workspace, String first, String last, String email,
      String company, String title, Instant created) {
    Instant updated = created.plusSeconds(r.nextInt(86_400 * 30));
    LeadStatus status = pick(r, LeadStatus.values());
    Instant contacted =
        status == LeadStatus.NEW || r.nextInt(10) < 2 ? null : created.plusSeconds(r.nextInt(86_400 * 60));
    return new Lead(
        id, workspace, first, last, email, null, company, title, null, null,
        status, pick(r, LeadSource.values()), null, List.of(), Map.of(), created, updated, contacted);
  }

  private static Instant randomTime(SplittableRandom r) {
    return START.plusSeconds(r.nextLong(TWO_YEARS));
  }

  private static String name(SplittableRandom r) {
    String name = pick(r, SYLLABLES) + pick(r, SYLLABLES) + (r.nextBoolean() ? pick(r, SYLLABLES) : "");
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  private static String lastName(SplittableRandom r) {
    return name(r) + pick(r, LAST_ENDINGS);
  }

  private static String company(SplittableRandom r) {
    return name(r) + " " + pick(r, COMPANY_ENDINGS);
  }

  private static String cjk(SplittableRandom r, int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append(CJK.charAt(r.nextInt(CJK.length())));
    }
    return text.toString();
  }

  /** {@code pattern} repeated, then a number, cut at {@code codePoints} code points at most. */
  private static String upTo(SplittableRandom r, String pattern, int codePoints) {
    StringBuilder text = new StringBuilder();
    while (text.codePointCount(0, text.length()) < codePoints - 12) {
      text.append(pattern);
    }
    text.append(r.nextInt(1_000_000));
    String value = text.toString();
    int end = value.offsetByCodePoints(0, Math.min(codePoints, value.codePointCount(0, value.length())));
    return value.substring(0, end);
  }

  private static <T> T pick(SplittableRandom r, T[] values) {
    return values[r.nextInt(values.length)];
  }
}
