package org.docbatch.worker.document;

import java.nio.file.Path;
import java.util.Locale;

/** The extension of a file name: lower case, without the dot, empty when the name has none. */
public final class FileExtension {

  private FileExtension() {}

  public static String of(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    // A leading dot (".profile") marks a hidden file, not an extension.
    return dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** The file name without its extension, used to name output files after their source. */
  public static String baseName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot <= 0 ? name : name.substring(0, dot);
  }
}
