package org.docbatch.worker.ocr;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The system properties JavaCPP reads when Tesseract's natives load, in an OCR child process (as
 * {@code -D} flags) or in the server ({@code OCR_ISOLATION=thread}).
 */
final class NativeLibrarySettings {

  private NativeLibrarySettings() {}

  /**
   * @param folder where JavaCPP unpacks the native libraries, once: the OCR children's folder in
   *     the server's temporary folder (its default, {@code ~/.javacpp}, may not be writable)
   */
  static Map<String, String> of(Path folder) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("org.bytedeco.javacpp.cachedir", folder.resolve("native").toString());
    // JavaCPP's own limits weigh the whole process's resident memory against the heap and fail a
    // page with an OutOfMemoryError past it (twice 128 MB in a child); the server enforces
    // OCR_MEMORY_LIMIT on children instead. The engine frees every native object it takes itself,
    // so JavaCPP need not track them for the garbage collector either.
    settings.put("org.bytedeco.javacpp.maxBytes", "0");
    settings.put("org.bytedeco.javacpp.maxPhysicalBytes", "0");
    settings.put("org.bytedeco.javacpp.nopointergc", "true");
    return settings;
  }

  /** Sets the properties in this JVM, those not set already, before the natives first load. */
  static void apply(Path folder) {
    of(folder)
        .forEach(
            (key, value) -> {
              if (System.getProperty(key) == null) {
                System.setProperty(key, value);
              }
            });
  }
}
