import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Writes N A4 pages at 300 dpi (2480 x 3508) of prose in a 11 point serif font, as PNG, for the OCR
 * benchmark: the kind of page an office scanner produces. Beside each page, page-NNN.txt holds the
 * text drawn on it (one line per line), to measure recognition errors against. With {@code noisy},
 * the same text is drawn turned by 1.5 degrees under gray noise and specks, as a poor scan (to
 * compare engines' accuracy, {@code EngineCost.java}). Run with: java PageGenerator.java DIR N
 * [noisy]
 */
public class PageGenerator {

  private static final String[] WORDS =
      ("the invoice payment meeting library budget council warehouse delivery statement account"
              + " customer letter office report quarter member treasurer approved received shipped"
              + " within thirty days please quote number reference contract service annual review"
              + " morning evening town hall corrected enclosed address reading units price total")
          .split(" ");

  public static void main(String[] args) throws Exception {
    File dir = new File(args[0]);
    int pages = Integer.parseInt(args[1]);
    boolean noisy = args.length > 2 && args[2].equals("noisy");
    Random random = new Random(42);
    Random noise = new Random(7); // apart, so that noisy pages carry the same text as clean ones
    for (int p = 0; p < pages; p++) {
      BufferedImage image = new BufferedImage(2480, 3508, BufferedImage.TYPE_BYTE_GRAY);
      Graphics2D g = image.createGraphics();
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SERIF, Font.PLAIN, 46));
      if (noisy) {
        g.rotate(Math.toRadians(1.5), image.getWidth() / 2.0, image.getHeight() / 2.0);
      }
      StringBuilder drawn = new StringBuilder();
      for (int line = 0; line < 50; line++) {
        StringBuilder text = new StringBuilder();
        while (text.length() < 80) {
          text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        g.drawString(text.toString().strip(), 250, 300 + line * 62);
        drawn.append(text.toString().strip()).append('\n');
      }
      g.dispose();
      if (noisy) {
        addNoise(image, noise);
      }
      ImageIO.write(image, "png", new File(dir, String.format("page-%03d.png", p + 1)));
      Files.writeString(new File(dir, String.format("page-%03d.txt", p + 1)).toPath(), drawn);
    }
  }

  /** Gaussian gray noise on every pixel, and dark specks of 2 to 4 pixels here and there. */
  private static void addNoise(BufferedImage image, Random noise) {
    var raster = image.getRaster();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int value = raster.getSample(x, y, 0) + (int) (noise.nextGaussian() * 35);
        raster.setSample(x, y, 0, Math.max(0, Math.min(255, value)));
      }
    }
    for (int i = 0; i < 20_000; i++) {
      int x = noise.nextInt(image.getWidth() - 4);
      int y = noise.nextInt(image.getHeight() - 4);
      int size = 2 + noise.nextInt(3);
      for (int dy = 0; dy < size; dy++) {
        for (int dx = 0; dx < size; dx++) {
          raster.setSample(x + dx, y + dy, 0, 40);
        }
      }
    }
  }
}
