package org.docbatch.api;

import java.lang.reflect.Method;
import java.util.Map;

/**
 * The audit log's name for each endpoint ({@code job.submit}, {@code jobs.list}, ...). An endpoint
 * missing here still gets a name, made of its class and method ({@code NodeResource.list} would be
 * {@code node.list}), so that no operation goes unnamed.
 */
final class AuditActions {

  /** A request no endpoint served (an unknown path, or a method the path does not take). */
  static final String UNKNOWN = "unknown";

  private static final Map<String, String> NAMES =
      Map.ofEntries(
          Map.entry("JobResource.submit", "job.submit"),
          Map.entry("JobResource.list", "jobs.list"),
          Map.entry("JobResource.get", "job.read"),
          Map.entry("JobResource.results", "job.results"),
          Map.entry("JobResource.cancel", "job.cancel"),
          Map.entry("JobResource.retry", "job.retry"),
          Map.entry("JobTasksResource.list", "tasks.list"),
          Map.entry("TasksResource.get", "task.read"),
          Map.entry("DeliveryResource.list", "deliveries.list"),
          Map.entry("DeliveryResource.retry", "delivery.retry"),
          Map.entry("DocumentResource.upload", "document.upload"),
          Map.entry("ArtifactResource.list", "artifacts.list"),
          Map.entry("ArtifactResource.download", "artifact.download"),
          Map.entry("ExportResource.export", "job.export"),
          Map.entry("DeadLetterResource.list", "dead_letters.list"),
          Map.entry("DeadLetterResource.requeue", "dead_letter.requeue"),
          Map.entry("DeadLetterResource.discard", "dead_letter.discard"),
          Map.entry("NodeResource.list", "nodes.list"),
          Map.entry("MetricsResource.summary", "metrics.read"),
          Map.entry("MetricsResource.history", "metrics.history"),
          Map.entry("EventResource.listen", "events.listen"),
          Map.entry("ConfigResource.effective", "config.read"),
          Map.entry("ConfigResource.defaults", "config.defaults"),
          Map.entry("ConfigResource.setFeatures", "config.features"),
          Map.entry("WorkerResource.lease", "task.lease"),
          Map.entry("WorkerResource.list", "workers.list"),
          Map.entry("TaskReportResource.heartbeat", "task.heartbeat"),
          Map.entry("TaskReportResource.complete", "task.complete"),
          Map.entry("TaskReportResource.fail", "task.fail"),
          Map.entry("TaskReportResource.document", "task.document"));

  private AuditActions() {}

  static String of(Class<?> resource, Method method) {
    if (resource == null || method == null) {
      return UNKNOWN;
    }
    String key = resource.getSimpleName() + "." + method.getName();
    String name = NAMES.get(key);
    if (name != null) {
      return name;
    }
    String noun = resource.getSimpleName().replaceFirst("Resource$", "");
    return noun.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase() + "." + method.getName();
  }
}
