package org.docbatch.worker.ocr.output;

import java.io.IOException;
import org.apache.pdfbox.pdmodel.font.PDFont;

/** Text as a font can show it: characters it has no code for become '?'. */
final class FontText {

  private FontText() {}

  static String encodable(PDFont font, String text) {
    try {
      font.encode(text);
      return text;
    } catch (IllegalArgumentException | IOException e) {
      StringBuilder kept = new StringBuilder(text.length());
      text.codePoints()
          .forEach(
              c -> {
                String one = new String(Character.toChars(c));
                try {
                  font.encode(one);
                  kept.append(one);
                } catch (IllegalArgumentException | IOException unencodable) {
                  kept.append('?');
                }
              });
      return kept.toString();
    }
  }
}
