package org.docbatch.library;

/** A document reference that does not name a readable file under the document root. */
public class DocumentReferenceException extends Exception {

  private final String code;

  public DocumentReferenceException(String code, String message) {
    super(message);
    this.code = code;
  }

  /**
   * A stable code: {@code document_not_found}, {@code document_outside_root}, {@code
   * invalid_document}, ...
   */
  public String code() {
    return code;
  }
}
