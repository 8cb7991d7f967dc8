package org.docbatch.worker.document;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.imageio.IIOException;
import org.docbatch.testdocs.TestDocuments;
import org.docbatch.worker.spi.DocumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 22, item 2: decoding has a memory budget per node. */
class DecodeBudgetTest {

  private static final long MB = 1 << 20;

  @TempDir Path folder;

  @Test
  void aSixteenBitRgbaPngCountsEightBytesAPixelAndTwoGreyCopies() throws Exception {
    Path png = TestDocuments.rgba16Png(folder.resolve("rgba16.png"), 1000, 1000);
    DecodeBudget budget = new DecodeBudget(64 * MB);

    try (DecodedImage decoded = ImageDecoder.decode(png, new PixelLimit(100), budget)) {
      assertEquals(1000, decoded.image().getWidth());
      assertEquals(10_000_000, decoded.reservation().bytes());
      assertEquals(64 * MB - 10_000_000, budget.free());
    }
    assertEquals(64 * MB, budget.free(), "closing the image gives its share back");
  }

  /** The 100-megapixel 16-bit RGBA PNG of the issue, scaled down: refused, not decoded. */
  @Test
  void anImageAloneOverTheBudgetIsRefusedAsTooLargeBeforeDecoding() {
    Path png = TestDocuments.rgba16Png(folder.resolve("big.png"), 2000, 2000); // 32 MB decoded
    DecodeBudget budget = new DecodeBudget(16 * MB);

    DocumentException refused =
        assertThrows(
            DocumentException.class, () -> ImageDecoder.decode(png, new PixelLimit(100), budget));

    assertEquals("image_too_large", refused.code(), refused.getMessage());
    assertTrue(refused.getMessage().contains("38 MB decoded"), refused.getMessage());
    assertEquals(16 * MB, budget.free());
  }

  @Test
  void aReservationWaitsUntilEarlierOnesLeaveRoom() throws Exception {
    DecodeBudget budget = new DecodeBudget(100);
    DecodeBudget.Reservation first = budget.reserve(60, "image", "");

    CompletableFuture<DecodeBudget.Reservation> second =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return budget.reserve(60, "image", "");
              } catch (DocumentException e) {
                throw new IllegalStateException(e);
              }
            });
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !second.isDone());

    first.close();
    first.close(); // once only
    DecodeBudget.Reservation got = second.get();
    assertEquals(40, budget.free());
    got.close();
    assertEquals(100, budget.free());
  }

  @Test
  void aWaitingReservationStopsWhenItsRunIsInterrupted() throws Exception {
    DecodeBudget budget = new DecodeBudget(100);
    DecodeBudget.Reservation held = budget.reserve(100, "image", "");
    CompletableFuture<String> waiting = new CompletableFuture<>();
    Thread worker =
        new Thread(
            () -> {
              try {
                budget.reserve(1, "image", "");
                waiting.complete("reserved");
              } catch (DocumentException e) {
                waiting.complete(e.code());
              }
            });
    worker.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> worker.getState() == Thread.State.WAITING);

    worker.interrupt();

    assertEquals(DocumentException.INTERRUPTED, waiting.get());
    held.close();
    assertEquals(100, budget.free());
  }

  @Test
  void anOutOfMemoryErrorWrappedByADecoderIsFound() {
    OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
    IIOException wrapped = new IIOException("Caught exception during read: ", oom);

    assertSame(oom, OutOfMemory.in(wrapped));
    assertEquals(null, OutOfMemory.in(new IIOException("Error reading PNG image data")));
  }

  @Test
  void packedLayoutsCountWhatTheyHold() {
    BufferedImage rgb = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
    BufferedImage bits = new BufferedImage(16, 10, BufferedImage.TYPE_BYTE_BINARY);
    BufferedImage grey = new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_GRAY);

    assertEquals(400, DecodeBudget.decodedBytes(rgb.getSampleModel(), 10, 10));
    assertEquals(20, DecodeBudget.decodedBytes(bits.getSampleModel(), 16, 10));
    assertEquals(100, DecodeBudget.decodedBytes(grey.getSampleModel(), 10, 10));
    assertFalse(DecodeBudget.node().capacity() <= 0);
  }
}
