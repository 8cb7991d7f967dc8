package org.docbatch.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shipped alerting rules are valid YAML in Prometheus's rule-file shape and cover the alerts
 * docbatch raises itself. That every metric they name is exported is checked against a running node
 * by {@code HealthAndMetricsIT}.
 */
class PrometheusRulesTest {

  @Test
  void everyRuleHasANameAnExpressionASeverityAndASummary() throws Exception {
    List<PrometheusRules.Rule> rules = PrometheusRules.read(PrometheusRules.FILE);

    assertFalse(rules.isEmpty());
    Set<String> names = new HashSet<>();
    for (PrometheusRules.Rule rule : rules) {
      assertNotNull(rule.alert(), "a rule without alert: " + rule);
      assertTrue(names.add(rule.alert()), "two rules named " + rule.alert());
      assertFalse(rule.expr() == null || rule.expr().isBlank(), rule.alert() + " has no expr");
      assertTrue(
          Set.of("warning", "critical").contains(rule.labels().get("severity")),
          rule.alert() + " severity " + rule.labels().get("severity"));
      assertNotNull(rule.annotations().get("summary"), rule.alert() + " has no summary");
      assertEquals(
          countOf(rule.expr(), '('), countOf(rule.expr(), ')'), rule.alert() + " parentheses");
    }
  }

  @Test
  void theRulesCoverTheConditionsDocbatchAlertsOn() throws Exception {
    Set<String> metrics = PrometheusRules.metricNames(PrometheusRules.read(PrometheusRules.FILE));

    assertTrue(
        metrics.containsAll(
            Set.of(
                "docbatch_tasks_retried_total",
                "docbatch_tasks_dead_lettered_total",
                "docbatch_documents_processed_total",
                "docbatch_queue_size",
                "docbatch_queue_limit",
                "docbatch_jobs_rejected_total",
                "docbatch_redis_up",
                "docbatch_disk_usable_bytes",
                "docbatch_system_memory_available_bytes")),
        metrics.toString());
  }

  private static long countOf(String text, char c) {
    return text.chars().filter(x -> x == c).count();
  }
}
