package org.docbatch.config;

import static org.docbatch.config.Setting.choice;
import static org.docbatch.config.Setting.decimal;
import static org.docbatch.config.Setting.flag;
import static org.docbatch.config.Setting.root;
import static org.docbatch.config.Setting.secret;
import static org.docbatch.config.Setting.text;
import static org.docbatch.config.Setting.url;
import static org.docbatch.config.Setting.whole;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every configuration key docbatch reads, in one place: kind, allowed values and default. The code
 * that uses a key keeps its own {@code @ConfigProperty} default; {@code SettingsTest} checks that
 * both agree where it can, and that every default here is valid. The worker-pool keys exist once
 * per worker type ({@code ocr.workers}, {@code nlp.min.workers}, ...).
 */
public final class Settings {

  /** The worker types, each with a pool per node. */
  public static final List<String> WORKER_TYPES =
      List.of("validation", "preprocessing", "ocr", "nlp", "noop");

  /**
   * What an external task type's name may be: it names a Redis queue, a URL segment and the
   * environment variables of its pool ({@code WORDCOUNT_MAX_RETRIES}).
   */
  public static final java.util.regex.Pattern EXTERNAL_TYPE_NAME =
      java.util.regex.Pattern.compile("[a-z][a-z0-9_]{0,39}");

  /** Each type's pool size, the spec's defaults ({@code OCR_WORKERS=8}, ...). */
  public static final Map<String, Integer> DEFAULT_POOL_SIZES =
      Map.of("validation", 6, "preprocessing", 12, "ocr", 8, "nlp", 4, "noop", 4);

  /** The levels {@code LOG_LEVEL} takes (JBoss LogManager's names). */
  public static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

  private static final Map<String, Setting> ALL = build();

  private Settings() {}

  private static Map<String, Setting> build() {
    List<Setting> settings = new ArrayList<>();
    long maxInt = Integer.MAX_VALUE;
    // Node and Redis.
    settings.add(url("redis.url", Setting.Kind.REDIS_URL, "redis://localhost:6379/0"));
    settings.add(text("redis.key.prefix", "docbatch:"));
    settings.add(whole("redis.timeout.ms", 2000, 100, 600_000));
    settings.add(text("node.id", null));
    settings.add(whole("node.heartbeat.interval", 5, 1, 3600));
    settings.add(whole("node.timeout", 20, 1, 86400));
    settings.add(flag("recover.orphaned.jobs", true));
    settings.add(whole("batch.threads", 32, 1, 10000));
    // The management user of the admin console (:9990/console); no password, no user.
    settings.add(text("docbatch.admin.user", "admin"));
    settings.add(secret("docbatch.admin.password"));
    // Read by WildFly itself (-Djboss.socket.binding.port-offset): 8080 + offset must be a port.
    settings.add(whole("jboss.socket.binding.port-offset", 0, 0, 65535 - 9990).notInFile());
    // Who may call the API (see security/Authenticator); the development profile turns it off.
    settings.add(flag("auth.enabled", true));
    settings.add(text("api.keys", null));
    settings.add(text("api.keys.file", null));
    settings.add(secret("auth.jwt.secret"));
    settings.add(text("auth.jwt.public.key.file", null));
    settings.add(text("auth.jwt.issuer", null));
    settings.add(text("auth.jwt.audience", null));
    settings.add(text("auth.jwt.role.prefix", null));
    // Refusals for a bad credential an address may have a minute (security/RefusalCounter).
    settings.add(whole("auth.failures.per.minute", 30, 0, maxInt));
    // Who may send changes from a browser, and which host names an open node answers to
    // (api/OriginFilter).
    settings.add(text("allowed.origins", null));
    settings.add(text("allowed.hosts", "localhost,127.0.0.1,[::1]"));
    settings.add(whole("max.event.streams.per.user", 5, 1, 10_000));
    settings.add(whole("max.jobs.in.flight.per.user", 100, 1, maxInt));
    // Read by the server configuration (wildfly-config/server.cli): health and metrics on the
    // management port ask for the management user when true.
    settings.add(flag("health.secured", false).notInFile());
    settings.add(flag("metrics.secured", false).notInFile());
    settings.add(whole("rate.limit.per.minute", 600, 0, maxInt));
    settings.add(whole("rate.limit.window.seconds", 60, 1, 86400));
    settings.add(whole("max.request.size.kb", 2048, 1, 1 << 20));
    // The audit log (audit/AuditLog): a file of its own, outside Redis.
    settings.add(text("audit.log.file", "data/audit/audit.log"));
    settings.add(whole("audit.log.max.size.mb", 100, 1, 1 << 20));
    settings.add(whole("audit.log.backups", 10, 0, 1000));
    // Documents and jobs.
    settings.add(text("document.root", "data/documents"));
    settings.add(root("output.root", "data/output"));
    // Object storage (s3/ObjectStore); credentials come from the AWS SDK's own chain.
    settings.add(text("s3.endpoint", null));
    settings.add(flag("s3.path.style", false));
    settings.add(text("aws.region", null));
    settings.add(choice("s3.checksums", "when_required", "when_required", "when_supported"));
    settings.add(whole("s3.max.attempts", 5, 1, 100));
    settings.add(text("s3.allowed", null));
    settings.add(text("upload.root", null));
    settings.add(whole("max.queue.size", 10000, 1, maxInt));
    settings.add(whole("max.upload.size.mb", 100, 1, 1 << 20));
    settings.add(whole("max.upload.files", 100, 1, 100000));
    settings.add(whole("max.documents.per.job", 10000, 1, maxInt));
    settings.add(whole("job.ttl", 604800, 1, maxInt));
    settings.add(whole("idempotency.ttl", 86400, 1, maxInt));
    settings.add(whole("cache.ttl", 604800, 1, maxInt));
    settings.add(whole("cache.max.entries", 10000, 1, maxInt));
    settings.add(choice("cache.scope", "user", "user", "global"));
    settings.add(whole("max.storage.per.user.mb", 10240, 0, maxInt));
    settings.add(flag("noop.jobs.enabled", false));
    // Decoding (worker/document/DecodeBudget, PixelLimit): 0 = 40% of the heap.
    settings.add(whole("decode.budget.mb", 0, 0, 1 << 20));
    settings.add(decimal("image.max.megapixels", 200, 0.001, 100_000));
    // Results in Redis (worker/ResultLimits): longer text is cut, with text_truncated.
    settings.add(whole("result.max.chars", 1_000_000, 1000, 100_000_000));
    settings.add(whole("max.result.kb", 64, 4, 100_000));
    // Dispatch.
    settings.add(whole("max.workers", 50, 1, 100000));
    settings.add(whole("worker.timeout", 300, 1, 86400 * 7));
    settings.add(whole("max.memory.per.worker", 1024, 16, 1 << 20));
    settings.add(decimal("lease.seconds", 15, 0.1, 3600));
    settings.add(decimal("retry.backoff.seconds", 1, 0, 86400));
    settings.add(decimal("outage.retry.seconds", 10, 0, 86400));
    settings.add(decimal("priority.aging.seconds", 30, 0.001, 86400));
    for (String type : WORKER_TYPES) {
      settings.add(whole(type + ".workers", DEFAULT_POOL_SIZES.get(type), 1, 10000));
      settings.add(whole(type + ".min.workers", 1, 0, 10000));
      settings.add(whole(type + ".max.retries", 3, 0, 1000));
      settings.add(
          whole(type + ".memory.limit", 0, 16, 1 << 20).defaultingTo("max.memory.per.worker"));
      settings.add(decimal(type + ".cpu.limit", 0.8, 0, 1).exclusiveMin());
      settings.add(whole(type + ".task.timeout", 0, 1, 86400 * 7).defaultingTo("worker.timeout"));
    }
    // Task types whose documents workers outside the server take over HTTP (worker/pool/
    // ExternalTasks): comma-separated names, or worker_pools.<name>.external in the file.
    settings.add(text("external.types", null));
    // OCR.
    settings.add(choice("ocr.engine", "bytedeco", "bytedeco", "tess4j"));
    settings.add(choice("ocr.isolation", "process", "process", "thread"));
    settings.add(whole("ocr.timeout", 60, 1, 86400));
    settings.add(text("tessdata.path", "/usr/share/tesseract-ocr/5/tessdata"));
    settings.add(flag("ocr.fault.injection", false));
    // Read by the server configuration (wildfly-config/server.cli) when the server starts.
    settings.add(text("corenlp.models.dir", null).notInFile());
    settings.add(whole("nlp.warmup.documents", 0, 0, 10_000));
    // Monitoring, autoscaling, alerts, shutdown.
    settings.add(decimal("autoscaling.interval", 60, 0.1, 86400));
    settings.add(whole("health.check.interval", 30, 1, 86400));
    settings.add(decimal("max.error.rate", 0.1, 0, 1));
    settings.add(flag("features.autoscaling", true));
    settings.add(flag("features.monitoring", true));
    settings.add(flag("features.alerts", false));
    settings.add(url("alert.webhook.url", Setting.Kind.HTTP_URL, null));
    settings.add(url("job.webhook.url", Setting.Kind.HTTP_URL, null));
    settings.add(secret("webhook.secret"));
    settings.add(decimal("webhook.retry.hours", 24, 0, 24 * 30));
    settings.add(decimal("webhook.retry.base.seconds", 5, 0.01, 3600));
    settings.add(flag("webhook.allow.http", false));
    settings.add(text("webhook.allowed.hosts", null));
    settings.add(whole("alert.repeat.seconds", 300, 1, 86400 * 7));
    settings.add(whole("alert.error.window", 300, 1, 86400));
    settings.add(whole("alert.error.min.documents", 20, 1, 1_000_000));
    settings.add(decimal("shutdown.grace.seconds", 25, 0, 86400));
    // Logging: the console's format is chosen by the server before any file is read.
    settings.add(choice("log.format", "text", "text", "json").notInFile());
    settings.add(choice("log.level", "INFO", LOG_LEVELS.toArray(String[]::new)));
    // Chosen before the configuration is assembled: environment or system property only.
    settings.add(choice("docbatch.profile", Profile.DEFAULT.label(), Profile.labels()).notInFile());
    // The spec's name for the profile; DOCBATCH_PROFILE wins when both are set.
    settings.add(choice("environment", Profile.DEFAULT.label(), Profile.labels()).notInFile());
    settings.add(text("config.file", null).notInFile());

    Map<String, Setting> byKey = new LinkedHashMap<>();
    settings.forEach(setting -> byKey.put(setting.key(), setting));
    return Collections.unmodifiableMap(byKey);
  }

  /** Every key, in a stable order (the order of the default configuration file). */
  public static List<Setting> all() {
    return List.copyOf(ALL.values());
  }

  /**
   * The setting {@code <type>.<suffix>} of an external task type's pool, checked as the built-in
   * pools' keys of that suffix are ({@code noop}'s stand for them).
   */
  public static Optional<Setting> ofExternalPool(String type, String suffix) {
    return find("noop." + suffix)
        .map(
            template ->
                new Setting(
                    type + "." + suffix,
                    template.kind(),
                    template.defaultValue(),
                    template.min(),
                    template.max(),
                    template.minExclusive(),
                    template.allowed(),
                    template.derivedFrom(),
                    true));
  }

  public static Optional<Setting> find(String key) {
    return Optional.ofNullable(ALL.get(key));
  }
}
