package org.docbatch.worker.document;

import java.util.OptionalDouble;

/**
 * What an image's header declares, read without decoding a single pixel.
 *
 * @param format the decoder's format name ({@code png}, {@code jpeg}, ...)
 * @param width declared width in pixels
 * @param height declared height in pixels
 * @param dpiX horizontal resolution, when the file records one
 * @param dpiY vertical resolution, when the file records one
 */
public record ImageHeader(
    String format, int width, int height, OptionalDouble dpiX, OptionalDouble dpiY) {

  public double megapixels() {
    return (double) width * height / 1_000_000.0;
  }
}
