package org.docbatch.worker.document;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * An image decoded after its header passed the pixel limit, holding its share of the node's {@link
 * DecodeBudget} until closed: close it once its pixels (and the copies made of them) are no longer
 * needed.
 *
 * @param header what the header declared
 * @param image the pixels
 * @param warnings decoder warnings that did not prevent decoding (e.g. stray bytes in a JPEG)
 * @param reservation its share of the budget
 */
public record DecodedImage(
    ImageHeader header,
    BufferedImage image,
    List<String> warnings,
    DecodeBudget.Reservation reservation)
    implements AutoCloseable {

  @Override
  public void close() {
    reservation.close();
  }
}
