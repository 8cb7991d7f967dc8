package org.docbatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigValidatorTest {

  @TempDir Path dir;

  @Test
  void everyDefaultIsValid() {
    assertEquals(List.of(), validate(Map.of()));
    for (Setting setting : Settings.all()) {
      if (setting.defaultValue() != null) {
        assertEquals(Optional.empty(), setting.problem(setting.defaultValue()), setting.key());
      }
    }
  }

  @Test
  void outputRootIsAFolderOrABucketPrefix() {
    Setting root = Settings.find("output.root").orElseThrow();
    assertEquals(Optional.empty(), root.problem("/srv/docbatch/output"));
    assertEquals(Optional.empty(), root.problem("s3://docbatch-outputs/prod/artifacts"));
    assertTrue(root.problem("s3://Outputs_2026/x").orElseThrow().contains("bucket name"));
    assertTrue(root.problem("s3://outputs/a/../b").orElseThrow().contains(".."));
    assertEquals(Optional.of("empty"), root.problem(" "));
  }

  @Test
  void everyProfileIsValid() {
    for (Profile profile : Profile.values()) {
      List<Violation> problems =
          new ConfigValidator(ConfigLookup.of(List.of(new ProfileConfigSource(profile.label()))))
              .validate(List.of());
      assertEquals(List.of(), problems, profile.label());
      profile.defaults().keySet().forEach(key -> assertTrue(Settings.find(key).isPresent(), key));
    }
  }

  @Test
  void environmentOverridesTheFileWhichOverridesTheProfile() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("config.yaml"),
            "max_workers: 30\nworker_pools:\n  ocr:\n    max_workers: 3\n  nlp:\n    max_workers: 2\n");
    List<ConfigSource> sources =
        List.of(
            new ProfileConfigSource("development"),
            new FileConfigSource(file.toString()),
            MapSource.environment(Map.of("nlp.workers", "5")));
    ConfigLookup lookup = ConfigLookup.of(sources);

    assertEquals("5", lookup.find("nlp.workers").orElseThrow().value(), "environment wins");
    assertEquals("environment", lookup.find("nlp.workers").orElseThrow().source());
    assertEquals(
        "3", lookup.find("ocr.workers").orElseThrow().value(), "the file beats the profile");
    assertEquals("30", lookup.find("max.workers").orElseThrow().value());
    assertEquals("2", lookup.find("validation.workers").orElseThrow().value(), "the profile");
    assertEquals("profile development", lookup.find("validation.workers").orElseThrow().source());
    assertEquals(Optional.empty(), lookup.find("worker.timeout"), "nobody sets it: its default");
    assertTrue(ProfileConfigSource.ORDINAL < FileConfigSource.ORDINAL);
    assertTrue(FileConfigSource.ORDINAL < 300, "below environment variables");
  }

  @Test
  void valuesThatAreNotNumbersOrOutOfRange() {
    Map<String, String> reasons =
        reasons(
            Map.of(
                "max.workers", "fifty",
                "ocr.workers", "-2",
                "max.error.rate", "1.5",
                "lease.seconds", "NaN",
                "ocr.cpu.limit", "0",
                "nlp.cpu.limit", "1.2",
                "jboss.socket.binding.port-offset", "60000",
                "recover.orphaned.jobs", "yes"));

    assertEquals("not a whole number", reasons.get("max.workers (MAX_WORKERS)"));
    assertEquals("out of range: allowed [1, 10000]", reasons.get("ocr.workers (OCR_WORKERS)"));
    assertEquals("out of range: allowed [0, 1]", reasons.get("max.error.rate (MAX_ERROR_RATE)"));
    assertEquals("not a finite number", reasons.get("lease.seconds (LEASE_SECONDS)"));
    assertEquals("out of range: allowed (0, 1]", reasons.get("ocr.cpu.limit (OCR_CPU_LIMIT)"));
    assertEquals("out of range: allowed (0, 1]", reasons.get("nlp.cpu.limit (NLP_CPU_LIMIT)"));
    assertEquals(
        "out of range: allowed [0, 55545]",
        reasons.get("jboss.socket.binding.port-offset (JBOSS_SOCKET_BINDING_PORT_OFFSET)"));
    assertEquals("not true or false", reasons.get("recover.orphaned.jobs (RECOVER_ORPHANED_JOBS)"));
    assertEquals(8, reasons.size());
  }

  @Test
  void urlsNeedTheirSchemeAHostAndAPort() {
    assertEquals(
        "scheme must be redis, rediss, redis-sentinel or redis-cluster://",
        reasons(Map.of("redis.url", "http://localhost:6379")).get("redis.url (REDIS_URL)"));
    assertEquals(
        "port out of range: allowed [1, 65535]",
        reasons(Map.of("redis.url", "redis://localhost:70000/0")).get("redis.url (REDIS_URL)"));
    assertEquals(
        "scheme must be http or https://",
        reasons(Map.of("alert.webhook.url", "ftp://hooks.example/x"))
            .get("alert.webhook.url (ALERT_WEBHOOK_URL)"));
    assertEquals(
        Map.of(), reasons(Map.of("redis.url", "rediss://user:secret@redis.example:6380/1")));
  }

  @Test
  void unknownChoices() {
    Map<String, String> reasons =
        reasons(
            Map.of(
                "ocr.isolation", "container",
                "log.format", "xml",
                "log.level", "debug",
                "docbatch.profile", "staging"));

    assertEquals("not one of process, thread", reasons.get("ocr.isolation (OCR_ISOLATION)"));
    assertEquals("not one of text, json", reasons.get("log.format (LOG_FORMAT)"));
    assertEquals(
        "not one of TRACE, DEBUG, INFO, WARN, ERROR", reasons.get("log.level (LOG_LEVEL)"));
    assertEquals(
        "not one of development, testing, production",
        reasons.get("docbatch.profile (DOCBATCH_PROFILE)"));
  }

  @Test
  void rulesBetweenKeys() {
    List<Violation> problems =
        validate(
            Map.of(
                "ocr.min.workers", "6",
                "ocr.workers", "4",
                "max.workers", "8",
                "node.heartbeat.interval", "20"));

    Map<String, String> reasons = byKey(problems);
    assertEquals("more than ocr.workers (4)", reasons.get("ocr.min.workers (OCR_MIN_WORKERS)"));
    assertEquals(
        "less than the pools' min_workers together (9: validation 1, preprocessing 1, ocr 6, nlp"
            + " 1)",
        reasons.get("max.workers (MAX_WORKERS)"));
    assertEquals(
        "must be less than node.timeout (20)",
        reasons.get("node.heartbeat.interval (NODE_HEARTBEAT_INTERVAL)"));
    assertEquals(3, problems.size());
  }

  @Test
  void aMinimumAboveTheDefaultPoolSizeIsCaughtToo() {
    assertEquals(
        "more than nlp.workers (4)",
        reasons(Map.of("nlp.min.workers", "5")).get("nlp.min.workers (NLP_MIN_WORKERS)"));
  }

  @Test
  void anUnreadableOrUnparseableFileIsAProblemNamingTheFile() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"max_workers\": 5,");
    Path yaml = Files.writeString(dir.resolve("broken.yaml"), "max_workers: [1\n");
    Path list = Files.writeString(dir.resolve("list.yaml"), "- 1\n- 2\n");
    Path toml = Files.writeString(dir.resolve("config.toml"), "max_workers = 5\n");
    Map<String, String> reasons = new java.util.LinkedHashMap<>();
    for (Path file : List.of(broken, yaml, list, toml, dir.resolve("missing.json"))) {
      FileConfigSource source = new FileConfigSource(file.toString());
      List<Violation> problems =
          new ConfigValidator(key -> Optional.empty()).validate(source.problems());
      assertEquals(1, problems.size(), file.toString());
      assertEquals("config.file", problems.get(0).key());
      assertEquals(file.toString(), problems.get(0).value());
      reasons.put(file.getFileName().toString(), problems.get(0).reason());
    }
    assertTrue(reasons.get("broken.json").startsWith("is not valid JSON"), reasons.toString());
    assertTrue(reasons.get("broken.yaml").startsWith("is not valid YAML"), reasons.toString());
    assertEquals("is not a YAML mapping", reasons.get("list.yaml"));
    assertEquals("the name must end in .json, .yaml or .yml", reasons.get("config.toml"));
    assertTrue(reasons.get("missing.json").startsWith("cannot be read"), reasons.toString());
  }

  @Test
  void yamlCannotBuildJavaObjects() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("evil.yaml"), "max_workers: !!java.io.File [\"/etc/passwd\"]\n");

    FileConfigSource source = new FileConfigSource(file.toString());

    assertEquals(1, source.problems().size());
    assertTrue(source.problems().get(0).reason().startsWith("is not valid YAML"));
  }

  @Test
  void oneMessageListsEveryProblemWithItsValueAndSource() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("config.json"),
            "{\"max_error_rate\": 2, \"worker_pools\": {\"ocr\": {\"cpu_limt\": 0.5}}}");
    FileConfigSource source = new FileConfigSource(file.toString());
    List<ConfigSource> sources =
        List.of(source, MapSource.environment(Map.of("max.queue.size", "lots")));

    String message =
        ConfigValidator.message(
            new ConfigValidator(ConfigLookup.of(sources)).validate(source.problems()));

    assertTrue(message.startsWith("DOCBATCH-0701 Invalid configuration"), message);
    assertTrue(message.contains("(3 problems)"), message);
    assertTrue(
        message.contains("worker_pools.ocr.cpu_limt (from config file " + file + "): unknown key"),
        message);
    assertTrue(
        message.contains(
            "max.error.rate (MAX_ERROR_RATE) = \"2\" (from config file "
                + file
                + "): out of range: allowed [0, 1]"),
        message);
    assertTrue(
        message.contains(
            "max.queue.size (MAX_QUEUE_SIZE) = \"lots\" (from environment): not a whole number"),
        message);
  }

  /** Issue 22: the DOCBATCH-0701 message showed the password of an invalid or multi-host URL. */
  @Test
  void theStartUpMessageShowsNoPasswordOfAnInvalidOrMultiHostUrl() {
    String message =
        ConfigValidator.message(
            validate(
                Map.of(
                    "redis.url", "redis-sentinel://u:hunter2@h1:26379,h2:99999/m",
                    "alert.webhook.url", "ftp://hooks.example/services/T0/B0/s3cr3t",
                    "auth.jwt.secret", "short-s3cr3t")));

    assertTrue(message.startsWith("DOCBATCH-0701"), message);
    assertTrue(message.contains("u:****@h1:26379,h2:99999/m"), message);
    for (String secret : List.of("hunter2", "s3cr3t")) {
      assertTrue(!message.contains(secret), secret + " shown in: " + message);
    }
  }

  /** Issue 22: a JWT key without issuer and audience accepted any token the key signed. */
  @Test
  void aJwtKeyWithoutIssuerAndAudienceRefusesToStart() {
    String secret = "a-secret-of-at-least-thirty-two-bytes!!";

    assertEquals(
        List.of("auth.jwt.audience (AUTH_JWT_AUDIENCE)", "auth.jwt.issuer (AUTH_JWT_ISSUER)"),
        validate(Map.of("auth.jwt.secret", secret)).stream().map(Violation::key).sorted().toList());
    assertEquals(
        List.of("auth.jwt.audience (AUTH_JWT_AUDIENCE)"),
        validate(Map.of("auth.jwt.public.key.file", "/k.pem", "auth.jwt.issuer", "https://idp"))
            .stream()
            .map(Violation::key)
            .toList());
    assertEquals(
        List.of(),
        validate(
            Map.of(
                "auth.jwt.secret", secret,
                "auth.jwt.issuer", "https://idp",
                "auth.jwt.audience", "docbatch")));
  }

  /** Issue 22: an AUTH_JWT_SECRET shorter than 32 bytes was accepted. */
  @Test
  void aShortJwtSecretRefusesToStart() {
    Map<String, String> reasons =
        reasons(
            Map.of(
                "auth.jwt.secret", "31-bytes-is-one-too-few-for-it!",
                "auth.jwt.issuer", "https://idp",
                "auth.jwt.audience", "docbatch"));

    assertTrue(
        reasons.get("auth.jwt.secret (AUTH_JWT_SECRET)").startsWith("has 31 bytes"),
        reasons.toString());
  }

  private static List<Violation> validate(Map<String, String> environment) {
    List<ConfigSource> sources = new ArrayList<>();
    sources.add(MapSource.environment(environment));
    return new ConfigValidator(ConfigLookup.of(sources)).validate(List.of());
  }

  private static Map<String, String> reasons(Map<String, String> environment) {
    return byKey(validate(environment));
  }

  private static Map<String, String> byKey(List<Violation> problems) {
    return problems.stream().collect(Collectors.toMap(Violation::key, Violation::reason));
  }
}
