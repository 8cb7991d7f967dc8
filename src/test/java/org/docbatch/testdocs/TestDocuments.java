package org.docbatch.testdocs;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Generates the documents docbatch's tests feed to workers, good and hostile, into a folder. Every
 * document is generated rather than checked in so that each test states what it is made of; each
 * method returns the path it wrote. Depends on nothing but the JDK and PDFBox.
 */
public final class TestDocuments {

  /** The text drawn on the generated images and PDFs; tests may look for it. */
  public static final String[] LINES = {
    "The quick brown fox jumps over the lazy dog.",
    "Pack my box with five dozen liquor jugs, 0123456789.",
    "Sphinx of black quartz, judge my vow!",
  };

  public static final int IMAGE_WIDTH = 1200;
  public static final int IMAGE_HEIGHT = 400;
  public static final int IMAGE_DPI = 300;
  public static final int JPEG_DPI = 200;

  /** The angle {@link #skewedPng} rotates its text by, clockwise as seen on screen. */
  public static final double SKEW_DEGREES = 4.0;

  public static final String PDF_USER_PASSWORD = "open-sesame";

  /** What {@link #windows1252Text} says; its accents are single bytes in windows-1252. */
  public static final String WINDOWS_1252_CONTENT =
      "Café crème à la française, naïve façade – 10 €\n";

  private TestDocuments() {}

  /** A page of UTF-8 text with accents, ragged whitespace, CRLF line ends and a decomposed é. */
  public static Path utf8Text(Path folder) {
    String text =
        "  Résumé   of\tthe   meeting  \r\n"
            + "Attendees:  Zoë,  José\r\n"
            + "\r\n\r\n\r\n\r\n"
            + "Decomposed: Cafe\u0301\r\n"
            + "Total: 42 items\r\n";
    return write(folder.resolve("page-utf8.txt"), text.getBytes(StandardCharsets.UTF_8));
  }

  public static Path windows1252Text(Path folder) {
    byte[] bytes = WINDOWS_1252_CONTENT.getBytes(Charset.forName("windows-1252"));
    return write(folder.resolve("letter-cp1252.txt"), bytes);
  }

  /** Black text on white, 1200 x 400, with 300 dpi recorded in its pHYs chunk. */
  public static Path cleanPng(Path folder) {
    return writeImage(folder.resolve("clean.png"), "png", textImage(0), IMAGE_DPI);
  }

  /** The clean image's text rotated by {@link #SKEW_DEGREES} degrees, as from a crooked scanner. */
  public static Path skewedPng(Path folder) {
    return writeImage(folder.resolve("skewed.png"), "png", textImage(SKEW_DEGREES), IMAGE_DPI);
  }

  /** The clean image as a JPEG with {@link #JPEG_DPI} dpi in its JFIF header. */
  public static Path jpeg(Path folder) {
    return writeImage(folder.resolve("photo.jpg"), "jpeg", textImage(0), JPEG_DPI);
  }

  /** A valid PNG whose name says JPEG. */
  public static Path pngNamedJpg(Path folder) {
    return copy(cleanPng(folder), folder.resolve("really-a-png.jpg"));
  }

  /** Two A4 pages of Helvetica text: a PDF with a text layer. */
  public static Path textPdf(Path folder) {
    return writePdf(folder.resolve("two-pages.pdf"), 2, null);
  }

  /** A one-page PDF that cannot be opened without {@link #PDF_USER_PASSWORD}. */
  public static Path encryptedPdf(Path folder) {
    return writePdf(folder.resolve("locked.pdf"), 1, PDF_USER_PASSWORD);
  }

  /** The first half of a valid PNG: the header is intact, the pixel data ends abruptly. */
  public static Path truncatedPng(Path folder) {
    byte[] png = read(cleanPng(folder));
    return write(folder.resolve("truncated.png"), Arrays.copyOf(png, png.length / 2));
  }

  public static Path emptyFile(Path folder) {
    return write(folder.resolve("empty.txt"), new byte[0]);
  }

  /** Random bytes, NULs included, named as if they were text. */
  public static Path binaryNamedTxt(Path folder) {
    byte[] junk = new byte[4096];
    new Random(42).nextBytes(junk);
    for (int i = 0; i < junk.length; i += 64) {
      junk[i] = 0;
    }
    return write(folder.resolve("notes.txt"), junk);
  }

  /**
   * A PNG whose header declares 100000 x 100000 pixels (40 GB decoded) followed by a token of pixel
   * data: a decompression bomb in spirit. Only the header matters; a decoder that trusts it dies.
   */
  public static Path hugeDimensionsPng(Path folder) {
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(100_000).putInt(100_000);
    ihdr.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    chunk(png, "IHDR", ihdr.array());
    chunk(png, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
    chunk(png, "IEND", new byte[0]);
    return write(folder.resolve("bomb.png"), png.toByteArray());
  }

  /**
   * A valid all-transparent 16-bit RGBA PNG of {@code width} x {@code height}: tiny on disk (its
   * rows of zeros compress about 1000:1), 8 bytes a pixel decoded. At 10000 x 10000 it is 100.0
   * megapixels, within the default pixel limit, about 1 MB on disk and 800 MB decoded (issue 22).
   * Written row by row, so making it needs no more memory than one row.
   */
  public static Path rgba16Png(Path file, int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height);
    ihdr.put((byte) 16).put((byte) 6).put((byte) 0).put((byte) 0).put((byte) 0);
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    byte[] row = new byte[1 + width * 8]; // filter type 0, then the pixels
    try (var deflate =
        new java.util.zip.DeflaterOutputStream(
            compressed,
            new java.util.zip.Deflater(java.util.zip.Deflater.BEST_COMPRESSION),
            1 << 16)) {
      for (int y = 0; y < height; y++) {
        deflate.write(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    chunk(png, "IHDR", ihdr.array());
    chunk(png, "IDAT", compressed.toByteArray());
    chunk(png, "IEND", new byte[0]);
    return write(file, png.toByteArray());
  }

  /** A PDF header followed by garbage: sniffed as PDF, unparseable as one. */
  public static Path garbagePdf(Path folder) {
    byte[] garbage = new byte[2048];
    new Random(7).nextBytes(garbage);
    ByteArrayOutputStream pdf = new ByteArrayOutputStream();
    pdf.writeBytes("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII));
    pdf.writeBytes(garbage);
    return write(folder.resolve("broken.pdf"), pdf.toByteArray());
  }

  /** Three lines of black text on white, rotated clockwise by {@code degrees} around the centre. */
  public static BufferedImage textImage(double degrees) {
    BufferedImage image = new BufferedImage(IMAGE_WIDTH, IMAGE_HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, IMAGE_WIDTH, IMAGE_HEIGHT);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.rotate(Math.toRadians(degrees), IMAGE_WIDTH / 2.0, IMAGE_HEIGHT / 2.0);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 40));
      for (int i = 0; i < LINES.length; i++) {
        g.drawString(LINES[i], 80, 120 + i * 90);
      }
      g.setStroke(new BasicStroke(3));
      g.drawLine(80, 350, 1120, 350);
    } finally {
      g.dispose();
    }
    return image;
  }

  private static Path writeImage(Path file, String format, BufferedImage image, int dpi) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      IIOMetadata metadata =
          writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
      setResolution(metadata, format, dpi);
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, metadata), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return file;
  }

  /**
   * Resolution goes into the format's own metadata (PNG pHYs, JPEG JFIF density) rather than
   * through the standard tree, whose millimetre-per-pixel value some JDK writers convert wrongly.
   */
  private static void setResolution(IIOMetadata metadata, String format, int dpi)
      throws IOException {
    String formatName = metadata.getNativeMetadataFormatName();
    IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(formatName);
    if (format.equals("png")) {
      IIOMetadataNode phys = new IIOMetadataNode("pHYs");
      String pixelsPerMetre = Long.toString(Math.round(dpi / 0.0254));
      phys.setAttribute("pixelsPerUnitXAxis", pixelsPerMetre);
      phys.setAttribute("pixelsPerUnitYAxis", pixelsPerMetre);
      phys.setAttribute("unitSpecifier", "meter");
      root.appendChild(phys);
    } else {
      IIOMetadataNode jfif = (IIOMetadataNode) root.getElementsByTagName("app0JFIF").item(0);
      jfif.setAttribute("resUnits", "1");
      jfif.setAttribute("Xdensity", Integer.toString(dpi));
      jfif.setAttribute("Ydensity", Integer.toString(dpi));
    }
    metadata.setFromTree(formatName, root);
  }

  private static Path writePdf(Path file, int pages, String userPassword) {
    try (PDDocument document = new PDDocument()) {
      PDType1Font helvetica = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (int p = 1; p <= pages; p++) {
        PDPage page = new PDPage(PDRectangle.A4);
        document.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
          content.beginText();
          content.setFont(helvetica, 14);
          content.newLineAtOffset(72, 760);
          content.showText("Page " + p + " of " + pages);
          for (String line : LINES) {
            content.newLineAtOffset(0, -24);
            content.showText(line);
          }
          content.endText();
        }
      }
      if (userPassword != null) {
        StandardProtectionPolicy policy =
            new StandardProtectionPolicy(
                "owner-" + userPassword, userPassword, new AccessPermission());
        policy.setEncryptionKeyLength(128);
        document.protect(policy);
      }
      document.save(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    png.writeBytes(typeBytes);
    png.writeBytes(data);
    png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  private static Path copy(Path source, Path target) {
    return write(target, read(source));
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
