package org.docbatch.worker.ocr;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.awt.image.BufferedImage;
import java.nio.file.*;
import java.util.List;
import javax.imageio.ImageIO;
import org.docbatch.json.Json;
import org.docbatch.testdocs.*;
import org.docbatch.worker.ocr.engine.OcrEngine;

/**
 * Measures (not a test) the character error rate docbatch reads, with its default OCR options, on
 * generated pages of known text: every TIFF kind ImageMagick writes (issue 18, section 2), pages
 * turned 90, 180 and 270 degrees with and without {@code auto_rotate}, and pages skewed 2-2.5
 * degrees with 1.5% noise (section 3). In docbatch's package, to drive its page reader directly;
 * run by {@code bench/ocr-reads-right.sh}, which compiles it against the built classes and appends
 * the worst rates to {@code bench/results.jsonl}.
 */
public class ReadsRight {
  static double worstTiff, worstTurned, worstNoisy;
  static InThreadRecognizer rec = new InThreadRecognizer(OcrEngine.BYTEDECO, Path.of("/usr/share/tesseract-ocr/5/tessdata"), false);
  public static void main(String[] a) throws Exception {
    Path dir = Files.createTempDirectory("cer");
    String[][] kinds = {{"g4","-monochrome -compress Group4"},{"g3","-monochrome -compress Fax"},{"lzw","-depth 8 -compress LZW"},{"zip","-depth 8 -compress Zip"},{"jpeg","-depth 8 -compress JPEG"},{"p16","-depth 16"},{"tiled","-depth 8 -define tiff:tile-geometry=256x256 -compress LZW"}};
    for (int p = 0; p < 3; p++) ImageIO.write(OcrDocuments.page(p,0,0), "png", dir.resolve("p"+p+".png").toFile());
    for (String[] k : kinds) {
      StringBuilder line = new StringBuilder(k[0]);
      for (int p = 0; p < 3; p++) {
        String[] opts = k[1].split(" ");
        String[] all = new String[opts.length+1]; all[0]=dir.resolve("p"+p+".png").toString(); System.arraycopy(opts,0,all,1,opts.length);
        Path t = ImageMagick.convert(dir.resolve(k[0]+p+".tif"), all);
        OcrOptions o = OcrOptions.from(Json.createObjectBuilder().build(), List.of("eng"));
        PageReader r = new PageReader(rec, o, 60000, "");
        JsonObject res = TiffPages.read(t, o, r).build();
        double cer = OcrDocuments.characterErrorRate(OcrDocuments.text(p), res.getString("text"));
        worstTiff = Math.max(worstTiff, cer);
        line.append(String.format(" %.4f", cer));
      }
      System.out.println("tiff " + line);
    }
    for (int deg : new int[]{90,180,270}) {
      StringBuilder line = new StringBuilder("turned " + deg);
      for (int p = 0; p < 3; p++) {
        JsonObject page = one("{}", OcrDocuments.turned(OcrDocuments.page(p,0,0), deg));
        double cer = OcrDocuments.characterErrorRate(OcrDocuments.text(p), page.getString("text"));
        worstTurned = Math.max(worstTurned, cer);
        line.append(String.format(" %.4f(o=%d,c=%.1f)", cer, page.getInt("orientation", -1), page.containsKey("orientation_confidence") ? page.getJsonNumber("orientation_confidence").doubleValue() : -1.0));
      }
      System.out.println(line);
      JsonObject off = one("{\"auto_rotate\": false}", OcrDocuments.turned(OcrDocuments.page(0,0,0), deg));
      System.out.printf("turned %d without auto_rotate: cer %.3f conf %d%n", deg, OcrDocuments.characterErrorRate(OcrDocuments.text(0), off.getString("text")), off.getInt("confidence"));
    }
    for (double d : new double[]{2.0, 2.5, -2.0}) {
      for (int p = 0; p < 3; p++) {
        JsonObject page = one("{}", OcrDocuments.page(p, d, 0.015));
        double cer = OcrDocuments.characterErrorRate(OcrDocuments.text(p), page.getString("text"));
        worstNoisy = Math.max(worstNoisy, cer);
        System.out.printf("noisy %.1f page %d: cer %.4f conf %d preprocessed %s%n", d, p, cer, page.getInt("confidence"), page.getBoolean("preprocessed"));
      }
    }
    rec.close();
    System.out.printf(java.util.Locale.ROOT, "RESULT {\"tiff_max_cer\": %.4f, \"turned_max_cer\": %.4f, \"noisy_max_cer\": %.4f}%n", worstTiff, worstTurned, worstNoisy);
  }
  static JsonObject one(String opts, BufferedImage img) throws Exception {
    PageReader r = new PageReader(rec, OcrOptions.from(Json.createReader(new java.io.StringReader(opts)).readObject(), List.of("eng")), 60000, "");
    r.recognize(1, img, OcrDocuments.DPI);
    return r.result().build().getJsonArray("pages").getJsonObject(0);
  }
}
