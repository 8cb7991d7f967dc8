package org.docbatch.worker.ocr;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import org.docbatch.json.Json;

/** The words of Tesseract's TSV output, each with its box and confidence. */
final class WordBoxes {

  /**
   * TSV columns: level, page, block, paragraph, line, word, left, top, width, height, conf, text.
   */
  private static final int COLUMNS = 12;

  private static final String WORD_LEVEL = "5";

  private WordBoxes() {}

  static JsonArray fromTsv(String tsv) {
    JsonArrayBuilder words = Json.createArrayBuilder();
    for (String line : tsv.split("\n")) {
      String[] cells = line.split("\t", -1);
      if (cells.length < COLUMNS || !WORD_LEVEL.equals(cells[0]) || cells[11].isBlank()) {
        continue;
      }
      try {
        words.add(
            Json.createObjectBuilder()
                .add("text", cells[11])
                .add("confidence", Math.round(Double.parseDouble(cells[10]) * 100) / 100.0)
                .add("left", Integer.parseInt(cells[6]))
                .add("top", Integer.parseInt(cells[7]))
                .add("width", Integer.parseInt(cells[8]))
                .add("height", Integer.parseInt(cells[9]))
                .add("block", Integer.parseInt(cells[2]))
                .add("line", Integer.parseInt(cells[4])));
      } catch (NumberFormatException e) {
        // A header row or a malformed one: not a word.
      }
    }
    return words.build();
  }
}
