package org.docbatch.worker.document;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * An image decoded after its header passed the pixel limit.
 *
 * @param header what the header declared
 * @param image the pixels
 * @param warnings decoder warnings that did not prevent decoding (e.g. stray bytes in a JPEG)
 */
public record DecodedImage(ImageHeader header, BufferedImage image, List<String> warnings) {}
