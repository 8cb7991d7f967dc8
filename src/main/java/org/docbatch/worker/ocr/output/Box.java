package org.docbatch.worker.ocr.output;

/** A rectangle in a page image's pixels, from its top left corner. */
public record Box(int left, int top, int width, int height) {

  public int right() {
    return left + width;
  }

  public int bottom() {
    return top + height;
  }

  /** hOCR's form: {@code bbox x0 y0 x1 y1}. */
  String hocr() {
    return "bbox " + left + " " + top + " " + right() + " " + bottom();
  }
}
