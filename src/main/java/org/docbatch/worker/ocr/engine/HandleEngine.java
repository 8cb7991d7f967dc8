package org.docbatch.worker.ocr.engine;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What both Tesseract builds do around a page the same way: the injected fault (tests), one native
 * handle kept for the language last read and made again only when the language changes (about 70
 * ms), orientation detection with a second handle for {@code osd} when asked (the page is then read
 * upright), and their release. A subclass says how its binding makes, frees, detects and reads with
 * a handle.
 *
 * @param <H> the binding's handle type
 */
abstract class HandleEngine<H> implements OcrEngine {

  private final Path tessdata;
  private final boolean faultsEnabled;
  private H handle;
  private String language;
  private H osd;

  /**
   * @param tessdata the folder holding {@code <language>.traineddata}
   * @param faultsEnabled whether {@link OcrRequest#fault()} is honoured (tests only)
   */
  HandleEngine(Path tessdata, boolean faultsEnabled) {
    this.tessdata = tessdata;
    this.faultsEnabled = faultsEnabled;
  }

  /** A handle initialised for {@code language} from {@code tessdata}, or null when it failed. */
  abstract H create(Path tessdata, String language);

  /** Frees a handle (it was ended first where the binding needs it). */
  abstract void destroy(H handle);

  /**
   * Reads one page with a handle ready for its language.
   *
   * @param started {@link System#nanoTime()} when the request arrived
   */
  abstract PageText read(H handle, OcrRequest request, long started) throws OcrEngineException;

  /**
   * The page's orientation by Tesseract's OSD, with a handle made for {@code osd}.
   *
   * @return the orientation found, or {@link Orientation#UNKNOWN} when OSD could not tell (too few
   *     letters)
   */
  abstract Orientation detect(H osdHandle, GrayPage page);

  @Override
  public final PageText recognize(OcrRequest request) throws OcrEngineException {
    long started = System.nanoTime();
    if (faultsEnabled && !request.fault().isEmpty()) {
      Faults.inject(request.fault());
    }
    H reader = handleFor(request.language());
    if (!request.detectOrientation()) {
      return read(reader, request, started);
    }
    Orientation found = orientation(request.page());
    OcrRequest upright =
        found.rotated()
            ? request.withPage(PageRotation.upright(request.page(), found.degrees()))
            : request;
    PageText read = read(reader, upright, started);
    return read.with(found, (System.nanoTime() - started) / 1_000_000);
  }

  /** Unknown when {@code osd.traineddata} is not installed: the page is read as it came. */
  private Orientation orientation(GrayPage page) {
    if (osd == null) {
      if (!Files.isReadable(tessdata.resolve("osd.traineddata"))) {
        return Orientation.UNKNOWN;
      }
      osd = create(tessdata, "osd");
      if (osd == null) {
        return Orientation.UNKNOWN;
      }
    }
    return detect(osd, HalfScale.of(page));
  }

  private H handleFor(String wanted) throws OcrEngineException {
    if (handle != null && wanted.equals(language)) {
      return handle;
    }
    PageFailures.requireInstalled(tessdata, wanted);
    close();
    H created = create(tessdata, wanted);
    if (created == null) {
      throw PageFailures.notLoaded(tessdata, wanted);
    }
    handle = created;
    language = wanted;
    return handle;
  }

  @Override
  public final void close() {
    if (osd != null) {
      destroy(osd);
      osd = null;
    }
    if (handle != null) {
      destroy(handle);
      handle = null;
      language = null;
    }
  }
}
