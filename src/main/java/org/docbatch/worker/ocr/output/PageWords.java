package org.docbatch.worker.ocr.output;

import java.util.ArrayList;
import java.util.List;

/**
 * One page's layout as Tesseract's iterator gave it (its TSV): blocks of paragraphs of lines of
 * words, each with its box in the pixels of the page as read (upright, when it was turned).
 *
 * @param width the page image's width as read, in pixels
 * @param height its height
 */
public record PageWords(int width, int height, List<Block> blocks) {

  public record Word(String text, Box box, double confidence) {}

  public record Line(Box box, List<Word> words) {}

  public record Paragraph(Box box, List<Line> lines) {}

  public record Block(Box box, List<Paragraph> paragraphs) {}

  /** A page of that size with no words. */
  public static PageWords empty(int width, int height) {
    return new PageWords(width, height, List.of());
  }

  /**
   * TSV columns: level, page, block, paragraph, line, word, left, top, width, height, conf, text;
   * levels 1 (page) to 5 (word), each element after its parent. Rows that are not of that form (a
   * header) are skipped.
   */
  public static PageWords fromTsv(String tsv) {
    int width = 0;
    int height = 0;
    List<Block> blocks = new ArrayList<>();
    List<Paragraph> paragraphs = null;
    List<Line> lines = null;
    List<Word> words = null;
    for (String row : tsv.split("\n")) {
      String[] cells = row.split("\t", -1);
      if (cells.length < 12) {
        continue;
      }
      int level;
      Box box;
      double confidence;
      try {
        level = Integer.parseInt(cells[0]);
        box =
            new Box(
                Integer.parseInt(cells[6]),
                Integer.parseInt(cells[7]),
                Integer.parseInt(cells[8]),
                Integer.parseInt(cells[9]));
        confidence = Double.parseDouble(cells[10]);
      } catch (NumberFormatException e) {
        continue; // the header
      }
      switch (level) {
        case 1 -> {
          width = box.width();
          height = box.height();
        }
        case 2 -> {
          paragraphs = new ArrayList<>();
          blocks.add(new Block(box, paragraphs));
        }
        case 3 -> {
          if (paragraphs == null) {
            continue;
          }
          lines = new ArrayList<>();
          paragraphs.add(new Paragraph(box, lines));
        }
        case 4 -> {
          if (lines == null) {
            continue;
          }
          words = new ArrayList<>();
          lines.add(new Line(box, words));
        }
        case 5 -> {
          String text = cells[11].strip();
          if (words != null && !text.isEmpty()) {
            words.add(new Word(text, box, confidence));
          }
        }
        default -> {
          // no other levels
        }
      }
    }
    return new PageWords(width, height, blocks);
  }

  /** Every word of the page, in reading order. */
  public List<Word> words() {
    List<Word> all = new ArrayList<>();
    for (Block block : blocks) {
      for (Paragraph paragraph : block.paragraphs()) {
        for (Line line : paragraph.lines()) {
          all.addAll(line.words());
        }
      }
    }
    return all;
  }
}
