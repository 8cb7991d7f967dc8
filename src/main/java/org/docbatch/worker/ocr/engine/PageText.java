package org.docbatch.worker.ocr.engine;

/**
 * What Tesseract read on one page.
 *
 * @param text the page's text, UTF-8, lines separated by newlines
 * @param confidence Tesseract's mean word confidence, 0..100
 * @param tsv the words with their boxes in Tesseract's TSV format, or empty when not asked for
 * @param millis how long recognition took
 */
public record PageText(String text, int confidence, String tsv, long millis) {}
