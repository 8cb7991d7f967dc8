package org.docbatch.worker.ocr;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.docbatch.worker.ocr.engine.OcrEngine;

/**
 * The default engine in an OCR child process, as the server runs it by default. Tests that read
 * many pages use it rather than Tesseract in the test's own JVM: a JVM that has loaded Debian's
 * libtesseract (PageReaderTest's {@code tess4j} case) crashed later in Leptonica when bytedeco's
 * Tesseract handles of the same JVM were freed (SIGSEGV in {@code liblept.so.5 pixaGetPix}, from
 * JavaCPP's deallocator thread). The server never loads both engines into one process.
 */
final class ChildRecognizers {

  private static final Path TESSDATA = Path.of("/usr/share/tesseract-ocr/5/tessdata");

  private ChildRecognizers() {}

  static ChildProcessRecognizer bytedeco(Path work) {
    List<Path> classpath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(Path::of)
            .toList();
    return new ChildProcessRecognizer(
        OcrChildCommand.of(OcrEngine.BYTEDECO, classpath, TESSDATA, 1024, work, false),
        OcrChildCommand.environment(OcrEngine.BYTEDECO, System.getenv()),
        work.resolve("ocr-child.log"),
        1024L << 20);
  }
}
