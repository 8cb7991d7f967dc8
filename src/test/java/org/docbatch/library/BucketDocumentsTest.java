package org.docbatch.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.docbatch.s3.S3Location;
import org.junit.jupiter.api.Test;

/** Which s3:// references a caller may name, decided from the reference alone. */
class BucketDocumentsTest {

  private static BucketDocuments allowing(String setting) {
    BucketDocuments documents = new BucketDocuments();
    documents.allowedSetting = Optional.ofNullable(setting);
    documents.init(); // no store: nothing here may ask one
    return documents;
  }

  private static String code(BucketDocuments documents, String reference, String area) {
    try {
      documents.check(reference, area);
      return "allowed";
    } catch (DocumentReferenceException e) {
      return e.code();
    }
  }

  @Test
  void anOperatorReadsUnderEveryAllowedPrefixAndNothingElse() {
    BucketDocuments documents = allowing("s3://scans/2026, s3://archive/");
    assertEquals("allowed", code(documents, "s3://scans/2026/a.pdf", ""));
    assertEquals("allowed", code(documents, "s3://archive/x/y.png", ""));
    assertEquals("document_outside_root", code(documents, "s3://scans/2026-private/a.pdf", ""));
    assertEquals("document_outside_root", code(documents, "s3://scans/2025/a.pdf", ""));
    assertEquals("document_outside_root", code(documents, "s3://other/a.pdf", ""));
    assertEquals(List.of("scans", "archive"), documents.buckets());
  }

  @Test
  void aSubmitterReadsOnlyTheirOwnFolderUnderEachPrefix() {
    BucketDocuments documents = allowing("s3://scans/in/");
    assertEquals("allowed", code(documents, "s3://scans/in/users/alice/a.pdf", "users/alice"));
    assertEquals(
        "document_outside_root", code(documents, "s3://scans/in/users/bob/a.pdf", "users/alice"));
    assertEquals(
        "document_outside_root",
        code(documents, "s3://scans/in/users/alice2/a.pdf", "users/alice"));
    assertEquals("document_outside_root", code(documents, "s3://scans/in/a.pdf", "users/alice"));
    assertEquals("document_outside_root", code(documents, "s3://scans/in/a.pdf", null));
  }

  @Test
  void malformedReferencesAndPrefixesAreInvalidAndNoSettingAllowsNothing() {
    BucketDocuments documents = allowing("s3://scans/");
    assertEquals("invalid_document", code(documents, "s3://No_Such/a.pdf", ""));
    assertEquals("invalid_document", code(documents, "s3://scans/a/../b.pdf", ""));
    assertEquals("invalid_document", code(documents, "s3://scans/folder/", ""));
    assertEquals("invalid_document", code(documents, "s3://scans", ""));
    assertEquals("document_outside_root", code(allowing(null), "s3://scans/a.pdf", ""));
    assertEquals(List.of(), allowing("").buckets());
    assertThrows(IllegalStateException.class, () -> allowing("scans/in"));
    assertEquals(
        List.of(new S3Location("scans", "in/")), BucketDocuments.parseAllowed("s3://scans/in"));
  }
}
