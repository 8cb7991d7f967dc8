package org.docbatch.worker;

import jakarta.json.JsonObject;

/** The work of one worker type on one document: validation, preprocessing, OCR or NLP. */
public interface DocumentProcessor {

  /**
   * Processes one document.
   *
   * @return the document's result, a JSON object a person would want to read
   * @throws DocumentException when this document cannot be processed; its message tells a person
   *     what is wrong with the document and what to do about it
   */
  JsonObject process(DocumentTask task) throws DocumentException;
}
