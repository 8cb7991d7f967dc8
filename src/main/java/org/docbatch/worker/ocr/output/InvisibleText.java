package org.docbatch.worker.ocr.output;

import java.awt.geom.AffineTransform;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.apache.pdfbox.cos.COSName;

/**
 * A page's words as invisible text (render mode 3, neither filled nor stroked) in {@link
 * GlyphlessFont}, as OCRmyPDF and Tesseract's PDF renderer lay them: each word at its box's left,
 * on its line's baseline, one line height tall and stretched horizontally so that, with the space
 * that follows it, it reaches the next word (the last word of a line: the end of its box).
 * Selecting a word in a viewer then highlights the word in the image and a search finds it there;
 * the spaces let text extraction see words, not letters run together.
 *
 * <p>Written as content stream operators here rather than through PDFBox's content stream, whose
 * text operators only take fonts it encodes itself.
 */
final class InvisibleText {

  /** Below the line's box bottom lies the descent; the baseline sits this share of it above. */
  private static final float DESCENT = -GlyphlessTrueType.DESCENT / 1000f;

  private static final float ADVANCE = GlyphlessTrueType.ADVANCE / 1000f;

  private final GlyphlessFont font;

  InvisibleText(GlyphlessFont font) {
    this.font = font;
  }

  /**
   * Appends the operators that lay {@code words} to {@code content}, the font named {@code
   * fontName} in the page's resources.
   *
   * @param uprightToUser from the pixels of the page as read to the PDF page's space
   */
  void draw(
      ByteArrayOutputStream content,
      PageWords words,
      COSName fontName,
      AffineTransform uprightToUser) {
    if (words.words().isEmpty()) {
      return;
    }
    StringBuilder ops = new StringBuilder("q\n");
    double[] m = new double[6];
    uprightToUser.getMatrix(m);
    for (double value : m) {
      // Six decimals: the scale multiplies pixel coordinates in the thousands.
      ops.append(number(value, 6)).append(' ');
    }
    ops.append("cm\nBT\n3 Tr\n");
    write(content, ops);
    for (PageWords.Block block : words.blocks()) {
      for (PageWords.Paragraph paragraph : block.paragraphs()) {
        for (PageWords.Line line : paragraph.lines()) {
          drawLine(content, fontName, line);
        }
      }
    }
    write(content, new StringBuilder("ET\nQ\n"));
  }

  private void drawLine(ByteArrayOutputStream content, COSName fontName, PageWords.Line line) {
    float size = Math.max(1, line.box().height());
    float baseline = line.box().bottom() - DESCENT * size;
    StringBuilder ops = new StringBuilder();
    ops.append('/').append(fontName.getName()).append(' ').append(number(size)).append(" Tf\n");
    List<PageWords.Word> words = line.words();
    for (int i = 0; i < words.size(); i++) {
      PageWords.Word word = words.get(i);
      if (word.text().isEmpty()) {
        continue;
      }
      boolean last = i == words.size() - 1;
      String text = last ? word.text() : word.text() + " ";
      int span = last ? word.box().width() : words.get(i + 1).box().left() - word.box().left();
      if (span < word.box().width()) {
        span = word.box().width(); // the next word overlaps this one: fit this one's box
      }
      float width = text.codePointCount(0, text.length()) * ADVANCE * size;
      float stretch = Math.max(1, span) / width;
      // A right-to-left word runs leftwards from its box's right, so that its characters, laid in
      // reading order, lie in the order the eye sees them, as extraction expects of a PDF.
      boolean leftwards = rightToLeft(word.text());
      ops.append(number(leftwards ? -stretch : stretch))
          .append(" 0 0 -1 ")
          .append(number(leftwards ? word.box().right() : word.box().left()))
          .append(' ')
          .append(number(baseline))
          .append(" Tm <")
          .append(HexFormat.of().formatHex(font.encode(text)))
          .append("> Tj\n");
    }
    write(content, ops);
  }

  private static boolean rightToLeft(String text) {
    return text.codePoints()
        .map(Character::getDirectionality)
        .anyMatch(
            d ->
                d == Character.DIRECTIONALITY_RIGHT_TO_LEFT
                    || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC);
  }

  /** A number as PDF writes it: at most four decimals, no exponent, no trailing zeros. */
  static String number(double value) {
    return number(value, 4);
  }

  private static String number(double value, int decimals) {
    long unit = (long) Math.pow(10, decimals);
    long scaled = Math.round(value * unit);
    String sign = scaled < 0 ? "-" : "";
    long abs = Math.abs(scaled);
    if (abs % unit == 0) {
      return sign + abs / unit;
    }
    String fraction = String.format("%0" + decimals + "d", abs % unit).replaceAll("0+$", "");
    return sign + abs / unit + "." + fraction;
  }

  private static void write(ByteArrayOutputStream content, StringBuilder ops) {
    content.writeBytes(ops.toString().getBytes(StandardCharsets.US_ASCII));
  }
}
