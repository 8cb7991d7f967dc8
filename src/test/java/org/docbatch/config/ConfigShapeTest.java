package org.docbatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigShapeTest {

  @TempDir Path dir;

  private static final String SPEC_JSON =
      """
      {
        "max_workers": 50,
        "redis_url": "redis://localhost:6379/0",
        "max_error_rate": 0.25,
        "ocr_timeout": 90,
        "worker_pools": {
          "ocr": {
            "min_workers": 2,
            "max_workers": 8,
            "memory_limit": 1024,
            "cpu_limit": 0.8,
            "timeout": 300,
            "max_retries": 5
          }
        },
        "features": {"autoscaling": true, "monitoring": true, "alerts": false}
      }
      """;

  private static final Map<String, String> SPEC_KEYS =
      Map.ofEntries(
          Map.entry("max.workers", "50"),
          Map.entry("redis.url", "redis://localhost:6379/0"),
          Map.entry("max.error.rate", "0.25"),
          Map.entry("ocr.timeout", "90"),
          Map.entry("ocr.min.workers", "2"),
          Map.entry("ocr.workers", "8"),
          Map.entry("ocr.memory.limit", "1024"),
          Map.entry("ocr.cpu.limit", "0.8"),
          Map.entry("ocr.task.timeout", "300"),
          Map.entry("ocr.max.retries", "5"),
          Map.entry("features.autoscaling", "true"),
          Map.entry("features.monitoring", "true"),
          Map.entry("features.alerts", "false"));

  @Test
  void theSpecsJsonFileMapsToMicroProfileKeys() throws Exception {
    FileConfigSource source = new FileConfigSource(write("config.json", SPEC_JSON));

    assertEquals(List.of(), source.problems());
    assertEquals(SPEC_KEYS, source.getProperties());
  }

  @Test
  void theSameFileInYamlMapsToTheSameKeys() throws Exception {
    String yaml =
        """
        max_workers: 50
        redis_url: redis://localhost:6379/0
        max_error_rate: 0.25
        ocr_timeout: 90
        worker_pools:
          ocr:
            min_workers: 2
            max_workers: 8
            memory_limit: 1024
            cpu_limit: 0.8
            timeout: 300
            max_retries: 5
        features:
          autoscaling: true
          monitoring: true
          alerts: false
        """;
    for (String name : List.of("config.yaml", "config.yml")) {
      FileConfigSource source = new FileConfigSource(write(name, yaml));

      assertEquals(List.of(), source.problems(), name);
      assertEquals(SPEC_KEYS, source.getProperties(), name);
    }
  }

  @Test
  void unknownKeysAreProblemsNotIgnored() throws Exception {
    String json =
        """
        {"max_wrkers": 5, "worker_pools": {"ocr": {"max_worker": 2}, "fax": {"min_workers": 1}},
         "features": {"telepathy": true}, "log_format": "json", "redis_url": {"host": "x"}}
        """;
    FileConfigSource source = new FileConfigSource(write("bad.json", json));

    Map<String, String> reasons =
        source.problems().stream().collect(Collectors.toMap(Violation::key, Violation::reason));
    assertEquals("unknown key", reasons.get("max_wrkers"));
    assertEquals("unknown key", reasons.get("worker_pools.ocr.max_worker"));
    assertTrue(reasons.get("worker_pools.fax").startsWith("unknown worker type"));
    assertEquals("unknown key", reasons.get("features.telepathy"));
    assertTrue(reasons.get("log_format").contains("set LOG_FORMAT instead"));
    assertEquals("expected a single value", reasons.get("redis_url"));
    assertEquals(6, source.problems().size());
    assertTrue(source.problems().stream().allMatch(p -> p.source().endsWith("bad.json")));
  }

  @Test
  void aPoolDeclaredExternalIsATaskTypeOfItsOwnWithThePoolsKeys() throws Exception {
    String yaml =
        """
        worker_pools:
          wordcount: {external: true, max_retries: 2, timeout: 90, max_workers: 10}
          translate: {external: true}
        """;
    FileConfigSource source = new FileConfigSource(write("external.yaml", yaml));

    assertEquals(List.of(), source.problems());
    assertEquals(
        Map.of(
            "external.types", "wordcount,translate",
            "wordcount.max.retries", "2",
            "wordcount.task.timeout", "90",
            "wordcount.workers", "10"),
        source.getProperties());
  }

  @Test
  void anExternalPoolIsCheckedAsABuiltInOne() throws Exception {
    String json =
        """
        {"worker_pools": {"ocr": {"external": true}, "Bad-Name": {"external": true},
                          "wordcount": {"external": true, "max_retries": -1, "colour": "red"}}}
        """;
    FileConfigSource source = new FileConfigSource(write("bad-external.json", json));

    Map<String, String> reasons =
        source.problems().stream().collect(Collectors.toMap(Violation::key, Violation::reason));
    assertEquals("a built-in worker type cannot be external", reasons.get("worker_pools.ocr"));
    assertTrue(reasons.get("worker_pools.Bad-Name").startsWith("an external task type's name"));
    assertTrue(reasons.get("worker_pools.wordcount.max_retries").startsWith("out of range"));
    assertEquals("unknown key", reasons.get("worker_pools.wordcount.colour"));
    assertEquals(4, source.problems().size(), reasons.toString());
  }

  @Test
  void aKeySetTwiceIsAProblem() throws Exception {
    String json = "{\"ocr_workers\": 3, \"worker_pools\": {\"ocr\": {\"max_workers\": 4}}}";
    FileConfigSource source = new FileConfigSource(write("twice.json", json));

    assertEquals(1, source.problems().size());
    assertTrue(source.problems().get(0).reason().contains("ocr.workers a second time"));
  }

  @Test
  void theDefaultFileReadsBackAsEveryDefault() throws Exception {
    for (ConfigFile.Format format : ConfigFile.Format.values()) {
      String name = "default." + format.name().toLowerCase();
      String text = ConfigFile.write(ConfigDocument.defaults(), format);
      FileConfigSource source = new FileConfigSource(write(name, text));

      assertEquals(List.of(), source.problems(), text);
      for (Setting setting : Settings.all()) {
        String read = source.getValue(setting.key());
        if (setting.defaultValue() != null && setting.inFile()) {
          assertEquals(
              Double.parseDouble(normal(setting.defaultValue())),
              Double.parseDouble(normal(read)),
              setting.key() + " in " + name);
        }
      }
      assertEquals(
          "1024", source.getValue("nlp.memory.limit"), "derived from max_memory_per_worker");
      assertEquals("300", source.getValue("ocr.task.timeout"), "derived from worker_timeout");
    }
  }

  /** Booleans and text compare as 1/0 and their hash, numbers as numbers. */
  private static String normal(String value) {
    if (value.equals("true") || value.equals("false")) {
      return value.equals("true") ? "1" : "0";
    }
    try {
      Double.parseDouble(value);
      return value;
    } catch (NumberFormatException e) {
      return Integer.toString(value.hashCode());
    }
  }

  private String write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content).toString();
  }
}
