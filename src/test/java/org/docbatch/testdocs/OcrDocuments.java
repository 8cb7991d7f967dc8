package org.docbatch.testdocs;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Scanned-looking pages with known text, for OCR tests: each page is prose rendered at 300 dpi in a
 * 12 point font, as a scanner would see a printed letter, so that the character error rate of what
 * OCR reads back can be measured against {@link #PAGES}.
 */
public final class OcrDocuments {

  /** The text of each generated page, line by line. */
  public static final List<List<String>> PAGES =
      List.of(
          List.of(
              "Invoice 2041 was sent to Margaret Hughes on 14 March 2024.",
              "The warehouse in Leeds shipped forty boxes of paper and",
              "twelve printer cartridges; payment is due within thirty days.",
              "Please quote the invoice number with every payment."),
          List.of(
              "Minutes of the meeting held in Bristol on Tuesday morning.",
              "Present were the chair, the treasurer and four members.",
              "The budget for the new library was approved without change,",
              "and the next meeting will take place in the town hall."),
          List.of(
              "Dear Mr Patel, thank you for your letter of 2 June.",
              "We have checked the meter readings at your address and",
              "found that the bill overstated your usage by 312 units.",
              "A corrected statement is enclosed with this letter."));

  public static final int DPI = 300;

  private static final int WIDTH = 1900;
  private static final int HEIGHT = 520;

  private OcrDocuments() {}

  /** The expected text of page {@code index}, lines joined by newlines. */
  public static String text(int index) {
    return String.join("\n", PAGES.get(index));
  }

  /** Page {@code index} as drawn, optionally rotated (degrees) and sprinkled with noise. */
  public static BufferedImage page(int index, double degrees, double noise) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.rotate(Math.toRadians(degrees), WIDTH / 2.0, HEIGHT / 2.0);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SERIF, Font.PLAIN, 50)); // 12 pt at 300 dpi
      List<String> lines = PAGES.get(index);
      for (int i = 0; i < lines.size(); i++) {
        g.drawString(lines.get(i), 100, 110 + i * 100);
      }
    } finally {
      g.dispose();
    }
    if (noise > 0) {
      speckle(image, noise, new Random(index));
    }
    return image;
  }

  /** The page as a scanner fed it sideways or upside down: turned clockwise by {@code degrees}. */
  public static BufferedImage turned(BufferedImage page, int degrees) {
    boolean sideways = degrees % 180 != 0;
    int width = sideways ? page.getHeight() : page.getWidth();
    int height = sideways ? page.getWidth() : page.getHeight();
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = out.createGraphics();
    try {
      AffineTransform turn = new AffineTransform();
      turn.translate(width / 2.0, height / 2.0);
      turn.quadrantRotate(degrees / 90);
      turn.translate(-page.getWidth() / 2.0, -page.getHeight() / 2.0);
      g.drawImage(page, turn, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** Page 0, upside down. */
  public static Path upsideDownPng(Path folder) {
    return write(folder.resolve("letter-upside-down.png"), "png", turned(page(0, 0, 0), 180));
  }

  /**
   * Pages 1 and 2 as ImageMagick writes a TIFF from 16-bit pages by default: 16-bit gray, Zip,
   * horizontal predictor.
   */
  public static Path sixteenBitTiff(Path folder) {
    Path first = write(folder.resolve("page-1.png"), "png", page(1, 0, 0));
    Path second = write(folder.resolve("page-2.png"), "png", page(2, 0, 0));
    return ImageMagick.convert(
        folder.resolve("letters-16bit.tif"), first.toString(), second.toString(), "-depth", "16");
  }

  public static Path cleanPng(Path folder) {
    return write(folder.resolve("letter-clean.png"), "png", page(0, 0, 0));
  }

  /** Rotated by 2.5 degrees with 1.5% of its pixels flipped at random, like a poor scan. */
  public static Path noisyPng(Path folder) {
    return write(folder.resolve("letter-noisy.png"), "png", page(1, 2.5, 0.015));
  }

  public static Path jpeg(Path folder) {
    return write(folder.resolve("letter.jpg"), "jpeg", page(2, 0, 0));
  }

  /** All the pages in one TIFF, one after the other. */
  public static Path multiPageTiff(Path folder) {
    Path file = folder.resolve("letters.tif");
    ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionType("Deflate");
      writer.prepareWriteSequence(null);
      for (int i = 0; i < PAGES.size(); i++) {
        writer.writeToSequence(new IIOImage(page(i, 0, 0), null, null), param);
      }
      writer.endWriteSequence();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return file;
  }

  /** A PDF whose only page is a picture of page 0: no text layer, as a scanner makes them. */
  public static Path scannedPdf(Path folder) {
    return scannedPdf(folder.resolve("scanned.pdf"), 1);
  }

  /**
   * A PDF of {@code pages} pictures, page {@code i} (from 0) showing {@link #text}{@code (i % 3)}:
   * no text layer, as a scanner makes them.
   */
  public static Path scannedPdf(Path file, int pages) {
    try (PDDocument document = new PDDocument()) {
      // Each of the three pictures is encoded once and shown by every page that has it.
      PDImageXObject[] images = new PDImageXObject[PAGES.size()];
      for (int i = 0; i < pages; i++) {
        BufferedImage scan = page(i % PAGES.size(), 0, 0);
        float width = scan.getWidth() * 72f / DPI;
        float height = scan.getHeight() * 72f / DPI;
        PDPage pdfPage = new PDPage(new PDRectangle(width, height));
        document.addPage(pdfPage);
        if (images[i % PAGES.size()] == null) {
          images[i % PAGES.size()] = LosslessFactory.createFromImage(document, scan);
        }
        PDImageXObject image = images[i % PAGES.size()];
        try (PDPageContentStream content = new PDPageContentStream(document, pdfPage)) {
          content.drawImage(image, 0, 0, width, height);
        }
      }
      document.save(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /**
   * Pages 0, 1 and 2 in one TIFF of mixed kinds, as ImageMagick writes them: a 1-bit CCITT G4 page,
   * an 8-bit LZW page and a 16-bit Zip page with the horizontal predictor.
   */
  public static Path mixedTiff(Path file) {
    Path folder = file.getParent();
    String[][] kinds = {
      {"-monochrome", "-compress", "Group4"}, {"-depth", "8", "-compress", "LZW"}, {"-depth", "16"}
    };
    String[] pages = new String[kinds.length];
    for (int i = 0; i < kinds.length; i++) {
      Path png = write(folder.resolve("mixed-" + i + ".png"), "png", page(i, 0, 0));
      String[] arguments = new String[kinds[i].length + 1];
      arguments[0] = png.toString();
      System.arraycopy(kinds[i], 0, arguments, 1, kinds[i].length);
      pages[i] = ImageMagick.convert(folder.resolve("mixed-" + i + ".tif"), arguments).toString();
    }
    return ImageMagick.convert(file, pages);
  }

  /** A one-page PDF whose page tree claims {@code declared} pages. */
  public static Path pdfDeclaringPages(Path folder, int declared) {
    Path file = folder.resolve("declares-" + declared + "-pages.pdf");
    try (PDDocument document = new PDDocument()) {
      document.addPage(new PDPage(PDRectangle.A4));
      document.getPages().getCOSObject().setInt(COSName.COUNT, declared);
      document.save(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static void speckle(BufferedImage image, double share, Random random) {
    int flips = (int) (image.getWidth() * (long) image.getHeight() * share);
    for (int i = 0; i < flips; i++) {
      int x = random.nextInt(image.getWidth());
      int y = random.nextInt(image.getHeight());
      int gray = image.getRaster().getSample(x, y, 0);
      image.getRaster().setSample(x, y, 0, gray > 127 ? 40 : 215);
    }
  }

  private static Path write(Path file, String format, BufferedImage image) {
    try {
      if (!ImageIO.write(image, format, file.toFile())) {
        throw new IOException("no " + format + " writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /**
   * Character error rate: the edit distance between what was read and what is there, over the
   * length of what is there, with runs of whitespace counted as one space.
   */
  public static double characterErrorRate(String expected, String actual) {
    String want = expected.strip().replaceAll("\\s+", " ");
    String got = actual.strip().replaceAll("\\s+", " ");
    int[] previous = new int[got.length() + 1];
    int[] current = new int[got.length() + 1];
    for (int j = 0; j <= got.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= want.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= got.length(); j++) {
        int substitution = previous[j - 1] + (want.charAt(i - 1) == got.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return (double) previous[got.length()] / want.length();
  }
}
