package org.docbatch.worker.ocr;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.docbatch.worker.ocr.engine.OcrChildMain;
import org.docbatch.worker.ocr.engine.OcrEngine;

/**
 * The command line and environment of an OCR child process: this JVM's own {@code java}, a small
 * heap (Tesseract's memory is native), and a class path holding only the OCR engines, their
 * libraries and JNA.
 */
final class OcrChildCommand {

  private OcrChildCommand() {}

  private static final String CRASH_REPORT = "ocr-child-crash-%s.log";

  /** The file, beside the children's log, the child's JVM reports a native crash in. */
  static String crashReportName(long pid) {
    return CRASH_REPORT.formatted(pid);
  }

  /**
   * The server's environment variables a child keeps: what finds programs and libraries, the locale
   * and time zone, Tesseract's and Java's own. Nothing else: the server's environment holds its
   * secrets (REDIS_URL with its password, AUTH_JWT_SECRET, API_KEYS, S3 credentials, ...), and a
   * child reads untrusted scans with native code.
   */
  static final Set<String> INHERITED =
      Set.of(
          "PATH",
          "LD_LIBRARY_PATH",
          "LANG",
          "LANGUAGE",
          "TZ",
          "TMPDIR",
          "TESSDATA_PREFIX",
          "OMP_THREAD_LIMIT",
          "JAVA_HOME",
          "MALLOC_ARENA_MAX");

  /**
   * The child's whole environment, from the server's ({@code server}): the {@link #INHERITED}
   * variables and the locale's {@code LC_*}, then {@code OMP_THREAD_LIMIT=1}: Debian's libtesseract
   * ({@code tess4j}) uses OpenMP, whose libgomp reads it when it loads; without it a page took
   * about 6x longer here. bytedeco's Tesseract has no OpenMP.
   */
  static Map<String, String> environment(String engine, Map<String, String> server) {
    Map<String, String> kept = new TreeMap<>();
    server.forEach(
        (name, value) -> {
          if (INHERITED.contains(name) || name.startsWith("LC_")) {
            kept.put(name, value);
          }
        });
    if (OcrEngine.TESS4J.equals(engine)) {
      kept.put("OMP_THREAD_LIMIT", "1");
    }
    return kept;
  }

  /**
   * @param engine the engine the child runs ({@link OcrEngine#NAMES})
   * @param classpath the jars and class folders the child needs
   * @param tessdata where the traineddata files are
   * @param memoryLimitMegabytes the child's memory limit, which caps its direct memory too
   * @param errorFolder the children's log's folder: where the JVM writes its report if it crashes,
   *     and JavaCPP unpacks the native libraries (once, then every child reuses them)
   * @param faults whether the child honours injected faults (tests only)
   */
  static List<String> of(
      String engine,
      List<Path> classpath,
      Path tessdata,
      long memoryLimitMegabytes,
      Path errorFolder,
      boolean faults) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx128m");
    command.add("-XX:MaxDirectMemorySize=" + memoryLimitMegabytes + "m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:-CreateCoredumpOnCrash");
    command.add("-XX:ErrorFile=" + errorFolder.resolve(CRASH_REPORT.formatted("%p")));
    NativeLibrarySettings.of(errorFolder)
        .forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-cp");
    command.add(
        classpath.stream()
            .map(Path::toString)
            .collect(Collectors.joining(java.io.File.pathSeparator)));
    command.add(OcrChildMain.class.getName());
    command.add(engine);
    command.add(tessdata.toString());
    if (faults) {
      command.add("faults");
    }
    return command;
  }
}
