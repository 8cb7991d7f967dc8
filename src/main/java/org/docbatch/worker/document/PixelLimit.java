package org.docbatch.worker.document;

import java.util.Locale;
import org.docbatch.worker.spi.DocumentException;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The largest image docbatch will decode, checked against the header before any pixel is allocated:
 * a decoded image costs 3-4 bytes per pixel, so an image declaring 10 gigapixels would take the
 * whole server down with it.
 *
 * @param maxMegapixels the limit, from the job option {@code max_megapixels}
 */
public record PixelLimit(double maxMegapixels) {

  public static final double DEFAULT_MEGAPIXELS = 100;

  /**
   * The highest limit a job may ask for unless the node says otherwise ({@code
   * IMAGE_MAX_MEGAPIXELS}): 200 megapixels is 0.6-1.6 GB decoded. Above it, a job option would be a
   * way to exhaust the server; the {@link DecodeBudget} still refuses what the node cannot hold.
   */
  public static final double MAX_MEGAPIXELS = 200;

  private static volatile Double ceiling;

  /**
   * The limit a job asks for with the option {@code max_megapixels} (default {@value
   * #DEFAULT_MEGAPIXELS}, at most {@code IMAGE_MAX_MEGAPIXELS}, {@value #MAX_MEGAPIXELS} unless
   * set).
   *
   * @throws DocumentException {@code bad_option} when it is not a number in range
   */
  public static PixelLimit from(JobOptions options) throws DocumentException {
    double highest = ceiling();
    return new PixelLimit(
        options.number("max_megapixels", Math.min(DEFAULT_MEGAPIXELS, highest), 0.000001, highest));
  }

  /** {@code image.max.megapixels}: the most a job may raise {@code max_megapixels} to. */
  static double ceiling() {
    Double value = ceiling;
    if (value == null) {
      try {
        value =
            ConfigProvider.getConfig(PixelLimit.class.getClassLoader())
                .getOptionalValue("image.max.megapixels", Double.class)
                .orElse(MAX_MEGAPIXELS);
      } catch (RuntimeException | LinkageError e) {
        value = MAX_MEGAPIXELS; // outside the server (unit tests)
      }
      ceiling = value;
    }
    return value;
  }

  /**
   * @param what what has this size, e.g. "image" or "page 3 rendered at 300 dpi"
   * @param remedy what the user can do about it, after a semicolon
   * @throws DocumentException {@code image_too_large} when the size is over the limit
   */
  public void check(int width, int height, String what, String remedy) throws DocumentException {
    double megapixels = (double) width * height / 1_000_000.0;
    if (megapixels > maxMegapixels) {
      throw new DocumentException(
          "image_too_large",
          String.format(
              Locale.ROOT,
              "The %s is %d x %d pixels (%.1f megapixels), over the limit of %s megapixels; %s.",
              what,
              width,
              height,
              megapixels,
              format(maxMegapixels),
              remedy));
    }
  }

  public void check(ImageHeader header) throws DocumentException {
    check(
        header.width(),
        header.height(),
        "image",
        "downscale it or raise the job option max_megapixels");
  }

  private static String format(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
