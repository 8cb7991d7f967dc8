package org.docbatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDocumentTest {

  @TempDir Path dir;

  @Test
  void theAdminPasswordIsNeverShownAndItsAbsenceIsNoValue() {
    ConfigLookup set =
        ConfigLookup.of(
            List.of(
                MapSource.environment(
                    Map.of("docbatch.admin.user", "ops", "docbatch.admin.password", "s3cret"))));

    Map<String, Object> effective = ConfigDocument.effective(set);

    assertEquals("ops", effective.get("docbatch_admin_user"));
    assertEquals("****", effective.get("docbatch_admin_password"));
    assertEquals(
        null,
        ConfigDocument.effective(ConfigLookup.of(List.of())).get("docbatch_admin_password"),
        "unset: no password, not a masked one");
  }

  @Test
  void effectiveValuesComeFromEverySourceWithPasswordsMasked() {
    ConfigLookup lookup =
        ConfigLookup.of(
            List.of(
                MapSource.environment(
                    Map.of(
                        "redis.url", "redis://app:s3cret@redis.example:6379/0",
                        "max.memory.per.worker", "2048",
                        "ocr.workers", "3"))));

    Map<String, Object> effective = ConfigDocument.effective(lookup);

    assertEquals("redis://app:****@redis.example:6379/0", effective.get("redis_url"));
    assertEquals(2048L, effective.get("max_memory_per_worker"));
    Map<?, ?> ocr = (Map<?, ?>) ((Map<?, ?>) effective.get("worker_pools")).get("ocr");
    assertEquals(3L, ocr.get("max_workers"));
    assertEquals(1L, ocr.get("min_workers"));
    assertEquals(2048L, ocr.get("memory_limit"), "unset: max_memory_per_worker's value");
    assertEquals(0.8, ocr.get("cpu_limit"));
    assertEquals(300L, ocr.get("timeout"), "unset: worker_timeout's default");
    assertEquals(
        Map.of("autoscaling", true, "monitoring", true, "alerts", false),
        effective.get("features"));
  }

  @Test
  void passwordsAreMaskedInEveryUrlForm() {
    assertEquals("redis://:****@h:1/0", ConfigDocument.maskPassword("redis://:pw@h:1/0"));
    assertEquals("redis://****@h:1", ConfigDocument.maskPassword("redis://pw@h:1"));
    assertEquals("redis://h:6379/0", ConfigDocument.maskPassword("redis://h:6379/0"));
  }

  @Test
  void theWriterWritesEveryDefaultAndNeverOverwrites() throws Exception {
    Path yaml = DefaultConfigWriter.write(dir.resolve("config.yaml"));
    Path json = DefaultConfigWriter.write(dir.resolve("config.json"));

    assertEquals(
        ConfigDocument.defaults(),
        ConfigFile.parseYaml(Files.readString(yaml)).entrySet().stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    Map.Entry::getKey, e -> normalise(e.getValue()))));
    assertEquals(List.of(), new FileConfigSource(json.toString()).problems());
    assertEquals(
        new FileConfigSource(yaml.toString()).getProperties().keySet(),
        new FileConfigSource(json.toString()).getProperties().keySet());
    assertThrows(java.io.IOException.class, () -> DefaultConfigWriter.write(yaml));
    assertThrows(
        ConfigFile.ConfigFileException.class,
        () -> DefaultConfigWriter.write(dir.resolve("config.ini")));
  }

  /** SnakeYAML reads small whole numbers as Integer; the document holds Long. */
  private static Object normalise(Object value) {
    if (value instanceof Integer number) {
      return number.longValue();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new java.util.LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), normalise(v)));
      return copy;
    }
    return value;
  }
}
