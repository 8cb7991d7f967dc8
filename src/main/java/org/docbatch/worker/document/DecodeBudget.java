package org.docbatch.worker.document;

import java.awt.image.DataBuffer;
import java.awt.image.MultiPixelPackedSampleModel;
import java.awt.image.SampleModel;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import org.docbatch.worker.spi.DocumentException;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The bytes of decoded pixels one node may hold at once, shared by all its workers. A worker
 * reserves what an image will take decoded (width x height x bands x bytes per sample, plus its
 * working copies) before it decodes a pixel, and waits for earlier reservations to end when the
 * budget is spent: five 100-megapixel 16-bit RGBA PNGs (1 MB each on disk, 800 MB each decoded)
 * then run one after another instead of together, or are refused at once with {@code
 * image_too_large} when one alone is over the budget. The pixel limit ({@link PixelLimit}) says how
 * large an image a job accepts; this says how much of the heap decoding may take.
 *
 * <p>{@code DECODE_BUDGET_MB} sets it; unset (0), it is 40% of the heap ({@code -Xmx}).
 * Reservations are served in arrival order, so a large one is not starved by a stream of small
 * ones.
 */
public final class DecodeBudget {

  /** The share of the heap the budget takes when {@code DECODE_BUDGET_MB} is not set. */
  static final double HEAP_SHARE = 0.4;

  private static volatile DecodeBudget node;

  private final long capacity;
  private long free;
  private final Deque<Object> waiting = new ArrayDeque<>();

  public DecodeBudget(long capacityBytes) {
    this.capacity = capacityBytes;
    this.free = capacityBytes;
  }

  /** This node's budget: {@code decode.budget.mb}, or 40% of the heap. */
  public static DecodeBudget node() {
    DecodeBudget budget = node;
    if (budget == null) {
      synchronized (DecodeBudget.class) {
        if (node == null) {
          long mb = configured().orElse(0L);
          node =
              new DecodeBudget(
                  mb > 0 ? mb << 20 : (long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE));
        }
        budget = node;
      }
    }
    return budget;
  }

  private static Optional<Long> configured() {
    try {
      return ConfigProvider.getConfig(DecodeBudget.class.getClassLoader())
          .getOptionalValue("decode.budget.mb", Long.class);
    } catch (RuntimeException | LinkageError e) {
      return Optional.empty(); // outside the server (unit tests): the heap share
    }
  }

  public long capacity() {
    return capacity;
  }

  /** Bytes not reserved now. */
  public synchronized long free() {
    return free;
  }

  /**
   * Reserves {@code bytes}, waiting until earlier reservations leave room.
   *
   * @param what what is decoded, e.g. "image" or "page 3 rendered at 300 dpi", for the message
   * @param remedy what the user can do when it alone is over the budget
   * @throws DocumentException {@code image_too_large} when {@code bytes} alone exceed the budget;
   *     {@link DocumentException#INTERRUPTED} when the run is stopped while it waits
   */
  public Reservation reserve(long bytes, String what, String remedy) throws DocumentException {
    if (bytes > capacity) {
      throw new DocumentException(
          "image_too_large",
          String.format(
              Locale.ROOT,
              "The %s takes %d MB decoded, more than this node's %d MB for decoded images"
                  + " (DECODE_BUDGET_MB); %s.",
              what,
              bytes >> 20,
              capacity >> 20,
              remedy));
    }
    Object ticket = new Object();
    synchronized (this) {
      waiting.addLast(ticket);
      try {
        while (waiting.peekFirst() != ticket || free < bytes) {
          wait();
        }
        free -= bytes;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DocumentException(
            DocumentException.INTERRUPTED,
            "stopped while waiting for memory to decode the " + what);
      } finally {
        waiting.remove(ticket);
        notifyAll();
      }
    }
    return new Reservation(this, bytes);
  }

  private synchronized void release(long bytes) {
    free += bytes;
    notifyAll();
  }

  /**
   * What an image of this layout takes decoded: width x height x bits per pixel / 8, where a pixel
   * is one data element per band (or a packed element, or a few bits of one).
   */
  public static long decodedBytes(SampleModel layout, int width, int height) {
    long bitsPerPixel =
        layout instanceof MultiPixelPackedSampleModel packed
            ? packed.getPixelBitStride()
            : (long) layout.getNumDataElements() * DataBuffer.getDataTypeSize(layout.getDataType());
    return ((long) width * height * bitsPerPixel + 7) / 8;
  }

  /** Part of the budget held until closed, once. */
  public static final class Reservation implements AutoCloseable {

    private final DecodeBudget budget;
    private long bytes;

    private Reservation(DecodeBudget budget, long bytes) {
      this.budget = budget;
      this.bytes = bytes;
    }

    public long bytes() {
      return bytes;
    }

    @Override
    public void close() {
      long held;
      synchronized (this) {
        held = bytes;
        bytes = 0;
      }
      if (held > 0) {
        budget.release(held);
      }
    }
  }
}
