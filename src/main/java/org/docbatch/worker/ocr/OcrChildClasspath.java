package org.docbatch.worker.ocr;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.docbatch.worker.ocr.engine.OcrChildMain;

/**
 * Writes what an OCR child process runs out of the deployed WAR into a folder: the engine's classes
 * (package {@code worker.ocr.engine}), the jars both engines use from {@code WEB-INF/lib}
 * (JavaCPP's Tesseract and Leptonica with their natives; Tess4J, lept4j and theirs; JNA), and the
 * logging API Tess4J needs from {@code WEB-INF/ocr-child/lib} (the server provides it to the WAR,
 * but not to a child JVM).
 */
final class OcrChildClasspath {

  /** File name prefixes of the WAR's jars the child needs. */
  private static final List<String> LIBRARIES =
      List.of("tesseract-", "leptonica-", "javacpp-", "tess4j-", "lept4j-", "commons-io-", "jna-");

  private OcrChildClasspath() {}

  static List<Path> extract(ServletContext war, Path folder) throws IOException {
    List<Path> classpath = new ArrayList<>();
    Path classes = folder.resolve("classes");
    String engine =
        "/WEB-INF/classes/" + OcrChildMain.class.getPackageName().replace('.', '/') + "/";
    copyTree(war, engine, classes.resolve(engine.substring("/WEB-INF/classes/".length())));
    classpath.add(classes);
    Path lib = Files.createDirectories(folder.resolve("lib"));
    for (String jar : paths(war, "/WEB-INF/lib/")) {
      String name = jar.substring(jar.lastIndexOf('/') + 1);
      if (LIBRARIES.stream().anyMatch(name::startsWith)) {
        classpath.add(copy(war, jar, lib.resolve(name)));
      }
    }
    for (String jar : paths(war, "/WEB-INF/ocr-child/lib/")) {
      classpath.add(copy(war, jar, lib.resolve(jar.substring(jar.lastIndexOf('/') + 1))));
    }
    return classpath;
  }

  private static void copyTree(ServletContext war, String folder, Path target) throws IOException {
    Files.createDirectories(target);
    for (String path : paths(war, folder)) {
      String name = path.substring(folder.length()).replace("/", "");
      if (path.endsWith("/")) {
        copyTree(war, path, target.resolve(name));
      } else {
        copy(war, path, target.resolve(name));
      }
    }
  }

  private static Set<String> paths(ServletContext war, String folder) throws IOException {
    Set<String> paths = war.getResourcePaths(folder);
    if (paths == null) {
      throw new IOException("the WAR has no " + folder);
    }
    return paths;
  }

  private static Path copy(ServletContext war, String path, Path target) throws IOException {
    try (InputStream in = war.getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException("the WAR has no " + path);
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }
}
