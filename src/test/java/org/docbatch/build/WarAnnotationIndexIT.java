package org.docbatch.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.IndexReader;
import org.junit.jupiter.api.Test;

/**
 * The WAR the build packs into the bootable JAR carries the annotation indexes WildFly reads
 * instead of indexing every class at each start (src/build/java/IndexWarLibraries.java): one in
 * every jar of WEB-INF/lib, and one for WEB-INF/classes that holds this build's classes, all of
 * them (an index missing a class would hide its beans and resources from the server).
 */
class WarAnnotationIndexIT {
  private static final String CLASSES = "WEB-INF/classes/";
  private static final String INDEX = "META-INF/jandex.idx";

  private static Path war() {
    String bootable = System.getProperty("docbatch.bootable-jar");
    assertNotNull(bootable, "docbatch.bootable-jar is set by the pom");
    return Path.of(bootable.replace("-bootable.jar", ".war"));
  }

  @Test
  void everyLibraryOfTheWarCarriesItsIndex() throws IOException {
    List<String> unindexed = new ArrayList<>();
    int jars = 0;
    try (ZipFile war = new ZipFile(war().toFile())) {
      for (ZipEntry entry : war.stream().toList()) {
        if (entry.getName().startsWith("WEB-INF/lib/") && entry.getName().endsWith(".jar")) {
          jars++;
          try (InputStream jar = war.getInputStream(entry)) {
            if (indexIn(jar) == null) {
              unindexed.add(entry.getName());
            }
          }
        }
      }
    }
    assertTrue(jars > 20, "the WAR's libraries: " + jars);
    assertEquals(List.of(), unindexed, "jars without " + INDEX);
  }

  @Test
  void theClassesIndexHoldsEveryClassOfTheBuild() throws IOException {
    try (ZipFile war = new ZipFile(war().toFile())) {
      ZipEntry indexEntry = war.getEntry(CLASSES + INDEX);
      assertNotNull(indexEntry, CLASSES + INDEX);
      Index index;
      try (InputStream in = war.getInputStream(indexEntry)) {
        index = new IndexReader(in).read();
      }
      long classes =
          war.stream()
              .filter(e -> e.getName().startsWith(CLASSES))
              .filter(e -> e.getName().endsWith(".class"))
              .count();
      assertEquals(classes, index.getKnownClasses().size(), "classes in the index");
      assertNotNull(
          index
              .getClassByName(DotName.createSimple("org.docbatch.api.NodeResource"))
              .declaredAnnotation(DotName.createSimple("jakarta.ws.rs.Path")),
          "NodeResource's @Path, as JAX-RS finds it");
    }
  }

  /** The index a jar carries, read as WildFly reads it; null when it has none. */
  private static Index indexIn(InputStream jar) throws IOException {
    ZipInputStream entries = new ZipInputStream(jar);
    for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
      if (entry.getName().equals(INDEX)) {
        return new IndexReader(entries).read();
      }
    }
    return null;
  }
}
