package org.docbatch.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The deployment files (Dockerfile, docker-compose.yml, deploy/k8s, deploy/systemd) as tests read
 * them, from the module's folder (the tests' working directory).
 */
final class DeploymentFiles {

  static final Path DOCKERFILE = Path.of("Dockerfile");
  static final Path COMPOSE = Path.of("docker-compose.yml");
  static final Path K8S = Path.of("deploy", "k8s");
  static final Path SYSTEMD_UNIT = Path.of("deploy", "systemd", "docbatch.service");
  static final Path SYSTEMD_ENV = Path.of("deploy", "systemd", "docbatch.env");

  /** One Dockerfile instruction: its keyword in upper case and its arguments, lines joined. */
  record Instruction(String keyword, String arguments) {}

  private DeploymentFiles() {}

  /** Every document of a YAML file (a manifest file may hold several, separated by ---). */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> yamlDocuments(Path file) throws IOException {
    List<Map<String, Object>> documents = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file)) {
      for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
        if (document != null) {
          documents.add((Map<String, Object>) document);
        }
      }
    }
    return documents;
  }

  /** Every Kubernetes object of deploy/k8s by file, the kustomization left out. */
  static Map<Path, List<Map<String, Object>>> manifests() throws IOException {
    Map<Path, List<Map<String, Object>>> manifests = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(K8S)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        if (!file.getFileName().toString().equals("kustomization.yaml")) {
          manifests.put(file, yamlDocuments(file));
        }
      }
    }
    return manifests;
  }

  /** The one object of this kind in deploy/k8s. */
  static Map<String, Object> manifest(String kind) throws IOException {
    List<Map<String, Object>> found = new ArrayList<>();
    for (List<Map<String, Object>> documents : manifests().values()) {
      documents.stream().filter(d -> kind.equals(d.get("kind"))).forEach(found::add);
    }
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " objects of kind " + kind + " in " + K8S);
    }
    return found.get(0);
  }

  /** The Dockerfile's instructions, continuation lines joined and comments left out. */
  static List<Instruction> dockerfile() throws IOException {
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String line : Files.readAllLines(DOCKERFILE)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.isEmpty())) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      pending.append(trimmed);
      String[] parts = pending.toString().strip().split("\\s+", 2);
      instructions.add(new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1] : ""));
      pending.setLength(0);
    }
    return instructions;
  }

  /** A systemd unit's or an environment file's KEY=value lines, comments and sections left out. */
  static Map<String, String> keyValues(Path file) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String trimmed = line.strip();
      int equals = trimmed.indexOf('=');
      if (trimmed.startsWith("#") || trimmed.startsWith("[") || equals < 0) {
        continue;
      }
      values.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
    }
    return values;
  }

  /** The value at this path of nested maps and lists (a number indexes a list). */
  @SuppressWarnings("unchecked")
  static <T> T at(Object root, Object... path) {
    Object current = root;
    for (Object step : path) {
      if (current == null) {
        throw new AssertionError("nothing at " + List.of(path));
      }
      current =
          step instanceof Integer index
              ? ((List<Object>) current).get(index)
              : ((Map<String, Object>) current).get(step);
    }
    return (T) current;
  }
}
