package org.docbatch.artifact;

import java.util.Locale;
import java.util.Map;

/** The media type of an artifact, from its name's extension, for writers that do not say. */
public final class MediaTypes {

  private static final Map<String, String> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("txt", "text/plain; charset=utf-8"),
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("tif", "image/tiff"),
          Map.entry("tiff", "image/tiff"),
          Map.entry("pdf", "application/pdf"),
          Map.entry("hocr", "text/vnd.hocr+html; charset=utf-8"),
          Map.entry("html", "text/html; charset=utf-8"),
          Map.entry("xml", "application/xml"),
          Map.entry("tsv", "text/tab-separated-values; charset=utf-8"),
          Map.entry("csv", "text/csv; charset=utf-8"),
          Map.entry("json", "application/json"),
          Map.entry("jsonl", "application/jsonl"));

  /** What a file of unknown kind is served as. */
  public static final String BYTES = "application/octet-stream";

  private MediaTypes() {}

  /** The media type for {@code name}, or {@link #BYTES}. */
  public static String of(String name) {
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      return BYTES;
    }
    return BY_EXTENSION.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), BYTES);
  }
}
