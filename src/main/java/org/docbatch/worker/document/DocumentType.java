package org.docbatch.worker.document;

import java.util.Locale;
import java.util.Set;

/**
 * The kinds of document docbatch understands, each with its media type and the file extensions that
 * announce it. {@link #UNKNOWN} is content with no recognised signature that is not text either.
 */
public enum DocumentType {
  PNG("image/png", "png"),
  JPEG("image/jpeg", "jpg", "jpeg", "jpe", "jfif"),
  TIFF("image/tiff", "tif", "tiff"),
  GIF("image/gif", "gif"),
  BMP("image/bmp", "bmp", "dib"),
  WEBP("image/webp", "webp"),
  PDF("application/pdf", "pdf"),
  TEXT("text/plain", "txt", "text", "csv", "tsv", "md", "log"),
  UNKNOWN("application/octet-stream");

  private final String mediaType;
  private final Set<String> extensions;

  DocumentType(String mediaType, String... extensions) {
    this.mediaType = mediaType;
    this.extensions = Set.of(extensions);
  }

  public String mediaType() {
    return mediaType;
  }

  /** The name used in results: {@code png}, {@code jpeg}, {@code pdf}, {@code text}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isImage() {
    return this == PNG
        || this == JPEG
        || this == TIFF
        || this == GIF
        || this == BMP
        || this == WEBP;
  }

  /**
   * Whether a file named with {@code extension} (lower case, no dot) is expected to be of this
   * type.
   */
  public boolean hasExtension(String extension) {
    return extensions.contains(extension);
  }

  /** The type a file's extension claims, or {@link #UNKNOWN} when docbatch does not know it. */
  public static DocumentType claimedBy(String extension) {
    for (DocumentType type : values()) {
      if (type.hasExtension(extension)) {
        return type;
      }
    }
    return UNKNOWN;
  }
}
