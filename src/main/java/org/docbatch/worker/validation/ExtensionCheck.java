package org.docbatch.worker.validation;

import java.util.List;
import org.docbatch.worker.document.DocumentType;
import org.docbatch.worker.document.UnreadableContent;
import org.docbatch.worker.spi.DocumentException;

/**
 * Compares what a file's name claims with what its content is. A mismatch is usually harmless (a
 * PNG saved as {@code .jpg} still decodes), so it is a warning unless the job asks to be strict;
 * but content docbatch cannot read at all fails, with a message that says what the name promised.
 */
final class ExtensionCheck {

  private ExtensionCheck() {}

  /**
   * @return whether the extension matches the content
   * @throws DocumentException {@code not_text}, {@code unsupported_type} or {@code type_mismatch}
   */
  static boolean check(
      DocumentType detected, String extension, boolean strict, List<String> warnings)
      throws DocumentException {
    String shownExtension = extension.isEmpty() ? "no extension" : "extension ." + extension;
    if (detected == DocumentType.UNKNOWN) {
      throw UnreadableContent.error(extension);
    }
    if (detected.hasExtension(extension)) {
      return true;
    }
    String message =
        "The file has "
            + shownExtension
            + " but its content is "
            + detected.label()
            + " ("
            + detected.mediaType()
            + ")";
    if (strict) {
      throw new DocumentException(
          "type_mismatch",
          message + "; rename it to match its content, or resubmit without strict_extension.");
    }
    warnings.add(message + "; it was validated as " + detected.label() + ".");
    return false;
  }
}
