package org.docbatch.worker.ocr;

/**
 * The OCR child processes of a node and their resident memory ({@code VmRSS}), the spec's memory
 * use per worker for the OCR pool, whose pages are read outside the node's JVM.
 *
 * @param processes children alive now
 * @param residentBytes their resident memory together
 * @param largestBytes the largest child's
 */
public record ChildMemory(int processes, long residentBytes, long largestBytes) {

  /** No children: OCR runs in the node's threads ({@code OCR_ISOLATION=thread}) or has not run. */
  public static final ChildMemory NONE = new ChildMemory(0, 0, 0);
}
