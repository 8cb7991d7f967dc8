package org.docbatch.worker.document;

import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;

/**
 * Chooses the decoder for an image. TIFF goes to TwelveMonkeys' reader, which reads what libtiff
 * reads (16-bit samples with the horizontal predictor, as ImageMagick writes them by default; CCITT
 * G3 and G4; old- and new-style JPEG; tiles) where the JDK's reader refuses some; WebP, which the
 * JDK does not read, to TwelveMonkeys' WebP reader; other formats to the JDK's readers. The TIFF
 * reader is named here rather than found through ImageIO's plug-in registry, which inside the
 * application server scans the server's class path, not the deployment's: whichever reader
 * registered first would otherwise win.
 */
public final class ImageReaders {

  private static final ImageReaderSpi TIFF = new TIFFImageReaderSpi();
  private static final ImageReaderSpi WEBP = new WebPImageReaderSpi();

  private ImageReaders() {}

  /**
   * A reader for the image at the start of {@code in}, its input not yet set.
   *
   * @throws IIOException when no decoder recognises the content
   */
  public static ImageReader readerFor(ImageInputStream in) throws IOException {
    if (TIFF.canDecodeInput(in)) {
      return TIFF.createReaderInstance();
    }
    if (WEBP.canDecodeInput(in)) {
      return WEBP.createReaderInstance();
    }
    Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
    if (!readers.hasNext()) {
      throw new IIOException("no image decoder recognises this file");
    }
    return readers.next();
  }
}
