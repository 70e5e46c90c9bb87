package ai.buena.leads.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A query string with parts that vary: {@code {page:N}} stands for a page from 1 to N, {@code
 * {pick:a|b|...}} for one of its alternatives (which may be empty). Each part varies on its own.
 */
final class RequestTemplate {
  private static final Pattern VARYING = Pattern.compile("\\{page:(\\d+)}|\\{pick:([^}]*)}");

  private final List<String> fixed = new ArrayList<>();
  private final List<String[]> choices = new ArrayList<>();
  private final String last;

  RequestTemplate(String template) {
    Matcher part = VARYING.matcher(template);
    int end = 0;
    while (part.find()) {
      fixed.add(template.substring(end, part.start()));
      choices.add(part.group(1) != null ? pages(Integer.parseInt(part.group(1))) : part.group(2).split("\\|", -1));
      end = part.end();
    }
    last = template.substring(end);
  }

  boolean varies() {
    return !choices.isEmpty();
  }

  /** Each call: the template with every varying part drawn from {@code random}. */
  Supplier<String> draws(Random random) {
    return () -> {
      StringBuilder query = new StringBuilder();
      for (int i = 0; i < choices.size(); i++) {
        String[] alternatives = choices.get(i);
        query.append(fixed.get(i)).append(alternatives[random.nextInt(alternatives.length)]);
      }
      return query.append(last).toString();
    };
  }

  /** Every query the template stands for, each once (the product of its parts' choices). */
  void each(Consumer<String> query) {
    each(0, new StringBuilder(), query);
  }

  private void each(int part, StringBuilder prefix, Consumer<String> query) {
    if (part == choices.size()) {
      query.accept(prefix + last);
      return;
    }
    int length = prefix.length();
    for (String alternative : choices.get(part)) {
      prefix.append(fixed.get(part)).append(alternative);
      each(part + 1, prefix, query);
      prefix.setLength(length);
    }
  }

  private static String[] pages(int count) {
    String[] pages = new String[count];
    for (int page = 1; page <= count; page++) {
      pages[page - 1] = Integer.toString(page);
    }
    return pages;
  }
}
