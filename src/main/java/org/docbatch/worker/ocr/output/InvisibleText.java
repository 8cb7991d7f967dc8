package org.docbatch.worker.ocr.output;

import java.awt.geom.AffineTransform;
import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.util.Matrix;

/**
 * A page's words as invisible text (render mode 3, neither filled nor stroked), as OCRmyPDF and
 * Tesseract's PDF renderer lay them: each word at its box's left, on its line's baseline, one line
 * height tall and stretched horizontally to span its box, so that selecting a word in a viewer
 * highlights the word in the image and a search finds it there. A space follows every word but the
 * last of its line, so that text extraction sees words, not letters run together.
 */
final class InvisibleText {

  /** Below the line's box bottom lies the descent; the baseline sits this share of it above. */
  private static final float DESCENT = 0.2f;

  private final PDFont font;

  InvisibleText(PDFont font) {
    this.font = font;
  }

  /**
   * @param uprightToUser from the pixels of the page as read to the PDF page's space
   */
  void draw(PDPageContentStream content, PageWords words, AffineTransform uprightToUser)
      throws IOException {
    if (words.blocks().isEmpty()) {
      return;
    }
    content.saveGraphicsState();
    content.transform(new Matrix(uprightToUser));
    content.beginText();
    content.setRenderingMode(RenderingMode.NEITHER);
    for (PageWords.Block block : words.blocks()) {
      for (PageWords.Paragraph paragraph : block.paragraphs()) {
        for (PageWords.Line line : paragraph.lines()) {
          drawLine(content, line);
        }
      }
    }
    content.endText();
    content.restoreGraphicsState();
  }

  private void drawLine(PDPageContentStream content, PageWords.Line line) throws IOException {
    float size = Math.max(1, line.box().height());
    float baseline = line.box().bottom() - DESCENT * size;
    content.setFont(font, size);
    for (int i = 0; i < line.words().size(); i++) {
      PageWords.Word word = line.words().get(i);
      String text = FontText.encodable(font, word.text());
      float width = font.getStringWidth(text) / 1000 * size;
      if (text.isEmpty() || width <= 0) {
        continue;
      }
      float stretch = word.box().width() / width;
      content.setTextMatrix(new Matrix(stretch, 0, 0, -1, word.box().left(), baseline));
      content.showText(i < line.words().size() - 1 ? text + " " : text);
    }
  }
}
