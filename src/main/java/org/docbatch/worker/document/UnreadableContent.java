package org.docbatch.worker.document;

import org.docbatch.worker.spi.DocumentException;

/**
 * The error for content with no recognised signature, worded after what the file's name promised:
 * binary data in a {@code .txt} file is {@code not_text}, a {@code .png} that is not a PNG is a
 * {@code type_mismatch}, anything else is an {@code unsupported_type}.
 */
public final class UnreadableContent {

  private UnreadableContent() {}

  public static DocumentException error(String extension) {
    DocumentType claimed = DocumentType.claimedBy(extension);
    String shown = extension.isEmpty() ? "no extension" : "extension ." + extension;
    if (claimed == DocumentType.TEXT) {
      return new DocumentException(
          "not_text",
          "The file has "
              + shown
              + " but contains binary data, not text; check that the right"
              + " file was submitted.");
    }
    if (claimed != DocumentType.UNKNOWN) {
      return new DocumentException(
          "type_mismatch",
          "The file has "
              + shown
              + " but its content is not "
              + claimed.label()
              + " (no "
              + claimed.label()
              + " signature); it may be damaged or mislabelled.");
    }
    return new DocumentException(
        "unsupported_type",
        "The file's format is not supported ("
            + shown
            + ", no recognised signature); submit PDF,"
            + " PNG, JPEG, TIFF, GIF, BMP, WebP or plain text.");
  }
}
