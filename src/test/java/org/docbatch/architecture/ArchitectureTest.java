package org.docbatch.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages' order, stated once: each layer may use only the layers below it, and no two
 * packages import each other. The order follows a document's way through the server (the API
 * submits a job, the engine partitions it, the coordinator queues its partitions, worker pools take
 * and run them with a processor per document type) down to the stores and Redis. A new upward
 * import or cycle fails the build; docs/design.md explains the layers.
 */
class ArchitectureTest {

  /**
   * Top to bottom. Packages written {@code x..} include their sub-packages; those written without
   * the dots are that package alone, where a sub-package is a layer of its own below it.
   */
  private static final List<List<String>> LAYERS =
      List.of(
          List.of("api.."),
          List.of("health..", "events..", "alerts..", "console..", "callbacks.."),
          List.of("job.."),
          List.of("cluster.."),
          List.of("metrics.."),
          List.of("batch"),
          List.of("batch.engine.."),
          List.of("worker.pool.."),
          List.of("dispatch.coordinator.."),
          List.of("repository.."),
          List.of("worker"),
          List.of("worker.ocr", "worker.nlp..", "worker.validation..", "worker.noop.."),
          List.of("worker.ocr.output.."),
          List.of("worker.ocr.engine.."),
          List.of("worker.preprocessing.."),
          List.of("worker.document.."),
          List.of("worker.spi.."),
          List.of("library.."),
          List.of("artifact.."),
          List.of("dispatch.queue.."),
          List.of("meters.."),
          List.of("store.."),
          List.of("config..", "audit..", "security..", "webhook.."),
          List.of("redis..", "s3.."),
          List.of("node.."),
          List.of("digest..", "json..", "wildfly.."));

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.docbatch");
  }

  @Test
  void eachLayerUsesOnlyTheLayersBelowIt() {
    LayeredArchitecture architecture = layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (int i = 0; i < LAYERS.size(); i++) {
      architecture =
          architecture
              .layer(name(i))
              .definedBy(
                  LAYERS.get(i).stream().map(p -> "org.docbatch." + p).toArray(String[]::new));
    }
    for (int i = 1; i < LAYERS.size(); i++) {
      List<String> above = new ArrayList<>();
      for (int j = 0; j < i; j++) {
        above.add(name(j));
      }
      architecture =
          architecture.whereLayer(name(i)).mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
    }
    architecture.whereLayer(name(0)).mayNotBeAccessedByAnyLayer().check(classes);
  }

  @Test
  void noTwoPackagesDependOnEachOther() {
    slices().matching("org.docbatch.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void everyPackageHasItsLayer() {
    List<String> placed = LAYERS.stream().flatMap(List::stream).toList();
    List<String> unplaced =
        classes.stream()
            .map(c -> c.getPackageName().substring("org.docbatch.".length()))
            .distinct()
            .filter(p -> placed.stream().noneMatch(l -> covers(l, p)))
            .sorted()
            .toList();
    org.junit.jupiter.api.Assertions.assertEquals(
        List.of(), unplaced, "packages with no layer in ArchitectureTest.LAYERS");
  }

  private static boolean covers(String layer, String pkg) {
    return layer.endsWith("..")
        ? pkg.equals(layer.substring(0, layer.length() - 2))
            || pkg.startsWith(layer.substring(0, layer.length() - 1))
        : pkg.equals(layer);
  }

  private static String name(int i) {
    return String.join(" ", LAYERS.get(i));
  }
}
