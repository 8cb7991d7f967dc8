package org.docbatch.worker.preprocessing;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.file.Path;
import java.util.Set;
import org.docbatch.worker.document.DocumentType;
import org.docbatch.worker.document.FileExtension;
import org.docbatch.worker.document.FileTypeSniffer;
import org.docbatch.worker.document.ReadableFile;
import org.docbatch.worker.document.UnreadableContent;
import org.docbatch.worker.spi.DocumentException;
import org.docbatch.worker.spi.DocumentProcessor;
import org.docbatch.worker.spi.DocumentTask;

/**
 * The preprocessing worker: turns a document into what OCR and NLP want to read, written into the
 * task's output folder. Text becomes normalised UTF-8; images become deskewed black-and-white PNGs;
 * PDF pages become grayscale PNGs. The type comes from the content, not the name.
 *
 * <p>Every result has {@code detected_type}, {@code outputs} (the names of the artifacts written,
 * in reading order), {@code artifacts} (their API paths, in the same order) and {@code warnings},
 * plus the statistics of what was done: {@code encoding}, {@code chars_before}/{@code chars_after}
 * for text; {@code skew_angle_degrees}, {@code otsu_threshold} for images; {@code page_count},
 * {@code pages_rendered}, {@code truncated} for PDFs.
 */
public class PreprocessingProcessor implements DocumentProcessor {

  @Override
  public Set<String> optionNames() {
    return Set.of("grayscale", "binarize", "deskew", "dpi", "max_pages", "max_megapixels");
  }

  @Override
  public void checkOptions(JsonObject options) throws DocumentException {
    PreprocessingOptions.from(options);
  }

  @Override
  public JsonObject process(DocumentTask task) throws DocumentException {
    PreprocessingOptions options = PreprocessingOptions.from(task.options());
    Path file = task.file();
    ReadableFile.check(file);
    DocumentType type = FileTypeSniffer.sniff(file);
    if (type == DocumentType.UNKNOWN) {
      throw UnreadableContent.error(FileExtension.of(file));
    }
    Outputs outputs = new Outputs(task.artifacts());
    JsonObjectBuilder result;
    if (type.isImage()) {
      result = ImagePreprocessor.process(file, outputs, options);
    } else if (type == DocumentType.PDF) {
      result = PdfPageRenderer.process(file, outputs, options);
    } else {
      result = TextPreprocessor.process(file, outputs);
    }
    return outputs.addTo(result).add("detected_type", type.label()).build();
  }
}
