package org.docbatch.worker.ocr.output;

import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/** The image of each page of a document that is an image (or a TIFF of several), for its PDF. */
@FunctionalInterface
public interface PageImages {

  /**
   * @param page from 1
   * @return the page's image as it came, added to {@code pdf} (a JPEG as it is, without decoding)
   */
  PDImageXObject image(PDDocument pdf, int page) throws IOException;
}
