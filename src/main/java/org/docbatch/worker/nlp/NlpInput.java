package org.docbatch.worker.nlp;

/**
 * The text of one document, as CoreNLP will read it. Entity offsets in the result count UTF-16
 * characters of this text.
 *
 * @param text the whole text, at most the job's {@code max_chars}
 * @param detectedType {@code text} or {@code pdf}
 * @param encoding the text file's encoding, or null for a PDF
 * @param pages the PDF's page count, or 0 for a text file
 */
record NlpInput(String text, String detectedType, String encoding, int pages) {}
