package org.docbatch.monitoring;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The alerting rules shipped in {@code monitoring/prometheus-alerts.yml}, as tests read them. */
public final class PrometheusRules {

  /** Where the rules file is, from the module's folder (the tests' working directory). */
  public static final Path FILE = Path.of("monitoring", "prometheus-alerts.yml");

  /** Metric names: docbatch's own and the JVM figures WildFly's Micrometer subsystem exports. */
  private static final Pattern METRIC = Pattern.compile("\\b((?:docbatch|memory)_[a-z0-9_]+)\\b");

  /** One rule. */
  public record Rule(
      String alert, String expr, Map<String, Object> labels, Map<String, Object> annotations) {}

  private PrometheusRules() {}

  /** Every rule of every group, read with SnakeYAML's safe loader. */
  @SuppressWarnings("unchecked")
  public static List<Rule> read(Path file) throws IOException {
    Map<String, Object> root;
    try (Reader reader = Files.newBufferedReader(file)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
    }
    List<Rule> rules = new ArrayList<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) root.get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        rules.add(
            new Rule(
                (String) rule.get("alert"),
                (String) rule.get("expr"),
                (Map<String, Object>) rule.getOrDefault("labels", Map.of()),
                (Map<String, Object>) rule.getOrDefault("annotations", Map.of())));
      }
    }
    return rules;
  }

  /** The metric names the rules' expressions use. */
  public static Set<String> metricNames(List<Rule> rules) {
    Set<String> names = new TreeSet<>();
    for (Rule rule : rules) {
      Matcher matcher = METRIC.matcher(rule.expr());
      while (matcher.find()) {
        names.add(matcher.group(1));
      }
    }
    return names;
  }
}
