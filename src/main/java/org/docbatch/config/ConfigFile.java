package org.docbatch.config;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.docbatch.json.Json;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * A configuration file in JSON ({@code .json}) or YAML ({@code .yaml}, {@code .yml}), read into
 * plain maps, lists and scalars for {@link ConfigShape}, and written from them. YAML is read with
 * SnakeYAML's safe constructor: a file can hold data only, never name a Java class to build.
 */
public final class ConfigFile {

  /** The two formats, chosen by the file name's extension. */
  public enum Format {
    JSON,
    YAML;

    /** The format a file name asks for. */
    public static Format of(String fileName) throws ConfigFileException {
      String name = fileName.toLowerCase(Locale.ROOT);
      if (name.endsWith(".json")) {
        return JSON;
      }
      if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        return YAML;
      }
      throw new ConfigFileException("the name must end in .json, .yaml or .yml");
    }
  }

  /** The file could not be read or parsed; the message says why. */
  public static class ConfigFileException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigFileException(String message) {
      super(message);
    }
  }

  private ConfigFile() {}

  /** The file's top-level object. */
  public static Map<String, Object> read(Path file) throws ConfigFileException {
    Format format = Format.of(file.getFileName().toString());
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigFileException("cannot be read: " + e);
    }
    return format == Format.JSON ? parseJson(content) : parseYaml(content);
  }

  static Map<String, Object> parseJson(String content) throws ConfigFileException {
    try (JsonReader reader = Json.createReader(new java.io.StringReader(content))) {
      JsonValue value = reader.readValue();
      if (!(value instanceof JsonObject object)) {
        throw new ConfigFileException("is not a JSON object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> tree = (Map<String, Object>) plain(object);
      return tree;
    } catch (JsonException e) {
      throw new ConfigFileException("is not valid JSON: " + e.getMessage());
    }
  }

  private static Object plain(JsonValue value) {
    switch (value.getValueType()) {
      case OBJECT:
        Map<String, Object> map = new LinkedHashMap<>();
        value.asJsonObject().forEach((k, v) -> map.put(k, plain(v)));
        return map;
      case ARRAY:
        List<Object> list = new ArrayList<>();
        value.asJsonArray().forEach(v -> list.add(plain(v)));
        return list;
      case STRING:
        return ((JsonString) value).getString();
      case NUMBER:
        return ((JsonNumber) value).bigDecimalValue();
      case TRUE:
        return Boolean.TRUE;
      case FALSE:
        return Boolean.FALSE;
      default:
        return null;
    }
  }

  static Map<String, Object> parseYaml(String content) throws ConfigFileException {
    Object document;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      document = new Yaml(new SafeConstructor(options)).load(content);
    } catch (YAMLException e) {
      throw new ConfigFileException("is not valid YAML: " + e.getMessage());
    }
    if (document == null) {
      return new LinkedHashMap<>();
    }
    if (!(document instanceof Map<?, ?> map)) {
      throw new ConfigFileException("is not a YAML mapping");
    }
    Map<String, Object> tree = new LinkedHashMap<>();
    map.forEach((k, v) -> tree.put(String.valueOf(k), stringKeys(v)));
    return tree;
  }

  private static Object stringKeys(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), stringKeys(v)));
      return copy;
    }
    return value;
  }

  /** {@code tree} in {@code format}, as a file would hold it. */
  public static String write(Map<String, Object> tree, Format format) {
    if (format == Format.JSON) {
      StringWriter out = new StringWriter();
      Map<String, Object> pretty = Map.of(jakarta.json.stream.JsonGenerator.PRETTY_PRINTING, true);
      jakarta.json.spi.JsonProvider.provider()
          .createWriterFactory(pretty)
          .createWriter(out)
          .writeObject(json(tree));
      return out.toString().stripLeading() + "\n";
    }
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    return new Yaml(new Representer(options), options).dump(tree);
  }

  /** {@code tree} as a JSON object. */
  public static JsonObject json(Map<String, Object> tree) {
    JsonObjectBuilder object = Json.createObjectBuilder();
    tree.forEach(
        (name, value) -> {
          if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> child = (Map<String, Object>) map;
            object.add(name, json(child));
          } else if (value instanceof List<?> list) {
            JsonArrayBuilder array = Json.createArrayBuilder();
            list.forEach(item -> array.add(String.valueOf(item)));
            object.add(name, array);
          } else if (value instanceof Boolean flag) {
            object.add(name, flag);
          } else if (value instanceof Long number) {
            object.add(name, number);
          } else if (value instanceof Double number) {
            object.add(name, number);
          } else {
            object.add(name, String.valueOf(value));
          }
        });
    return object.build();
  }
}
