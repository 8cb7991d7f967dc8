import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Writes a scanned PDF: one page per image, each image filling its page at 300 dpi, and no text
 * layer, as a scanner makes them. Run with PDFBox on the class path: java -cp ... ScanPdf.java
 * OUT.pdf PAGE.png...
 */
public class ScanPdf {

  public static void main(String[] args) throws Exception {
    try (PDDocument document = new PDDocument()) {
      for (int i = 1; i < args.length; i++) {
        BufferedImage scan = ImageIO.read(new File(args[i]));
        float width = scan.getWidth() * 72f / 300;
        float height = scan.getHeight() * 72f / 300;
        PDPage page = new PDPage(new PDRectangle(width, height));
        document.addPage(page);
        PDImageXObject image = LosslessFactory.createFromImage(document, scan);
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
          content.drawImage(image, 0, 0, width, height);
        }
      }
      document.save(new File(args[0]));
    }
  }
}
