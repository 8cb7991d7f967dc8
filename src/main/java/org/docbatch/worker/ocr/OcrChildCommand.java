package org.docbatch.worker.ocr;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.docbatch.worker.ocr.engine.OcrChildMain;

/**
 * The command line of an OCR child process: this JVM's own {@code java}, a small heap (Tesseract's
 * memory is native), and a class path holding only the OCR engine, JavaCPP's Tesseract and JNA.
 */
final class OcrChildCommand {

  private OcrChildCommand() {}

  private static final String CRASH_REPORT = "ocr-child-crash-%s.log";

  /** The file, beside the children's log, the child's JVM reports a native crash in. */
  static String crashReportName(long pid) {
    return CRASH_REPORT.formatted(pid);
  }

  /**
   * @param classpath the jars and class folders the child needs
   * @param tessdata where the traineddata files are
   * @param memoryLimitMegabytes the child's memory limit, which caps its direct memory too
   * @param errorFolder the children's log's folder: where the JVM writes its report if it crashes,
   *     and JavaCPP unpacks the native libraries (once, then every child reuses them)
   * @param faults whether the child honours injected faults (tests only)
   */
  static List<String> of(
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
    command.add(tessdata.toString());
    if (faults) {
      command.add("faults");
    }
    return command;
  }
}
