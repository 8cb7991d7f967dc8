package org.docbatch.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestListingTest {

  @Test
  void jsonLinesInOrderSkippingBlankLines() throws IOException {
    String manifest =
        "{\"document\": \"a.txt\", \"note\": 1}\n\n{\"document\":\"s3://b/k.pdf\"}\r\n";
    assertEquals(List.of("a.txt", "s3://b/k.pdf"), references(manifest, null));
  }

  @Test
  void csvWithADocumentColumnQuotedOrNot() throws IOException {
    String manifest =
        "\uFEFFid,Document\n1,a.txt\n2,\"b, with comma.txt\"\n3,\"say \"\"hi\"\".txt\"\n";
    assertEquals(
        List.of("a.txt", "b, with comma.txt", "say \"hi\".txt"), references(manifest, null));
  }

  @Test
  void aListingResumedAtAPositionGoesOnAfterIt() throws IOException {
    String manifest = "document\nd0\nd1\nd2\nd3\n";
    try (ManifestListing all = listing(manifest, null)) {
      all.next();
      String afterSecond = all.next().position();
      assertEquals(List.of("d2", "d3"), references(manifest, afterSecond));
    }
    String jsonl = "{\"document\":\"j0\"}\n{\"document\":\"j1\"}\n{\"document\":\"j2\"}";
    try (ManifestListing all = listing(jsonl, null)) {
      String afterFirst = all.next().position();
      assertEquals(List.of("j1", "j2"), references(jsonl, afterFirst));
    }
  }

  @Test
  void badLinesFailWithTheirLineNumber() {
    assertBad(
        "{\"document\":\"a\"}\n{\"doc\":\"b\"}\n", "line 2 of the manifest m has no \"document\"");
    assertBad("{\"document\":\"a\"}\nnot json\n", "line 2 of the manifest m is not a JSON object");
    assertBad("document,x\nok,1\n,2\n", "line 3 of the manifest m has no document");
    assertBad(
        "document\n\"open\n", "line 2 of the manifest m has a quoted field that is not closed");
    assertBad("name,size\na,1\n", "is neither JSON lines");
    assertBad("\n\n", "is empty");
    assertBad("document\n" + "x".repeat(ManifestListing.MAX_LINE_BYTES + 1) + "\n", "longer than");
  }

  @Test
  void eachReferenceIsCheckedAsItIsListed() {
    List<String> checked = new ArrayList<>();
    ListingException refused =
        assertThrows(
            ListingException.class,
            () -> {
              try (ManifestListing listing =
                  new ManifestListing(
                      "m",
                      opener("document\nfine\nrefused\n"),
                      r -> {
                        checked.add(r);
                        if (r.equals("refused")) {
                          throw new ListingException("not yours");
                        }
                      },
                      null)) {
                while (listing.hasNext()) {
                  listing.next();
                }
              }
            });
    assertEquals("not yours", refused.getMessage());
    assertEquals(List.of("fine", "refused"), checked);
  }

  private static void assertBad(String manifest, String expected) {
    ListingException e =
        assertThrows(ListingException.class, () -> references(manifest, null), manifest);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  private static List<String> references(String manifest, String position) throws IOException {
    List<String> references = new ArrayList<>();
    try (ManifestListing listing = listing(manifest, position)) {
      while (listing.hasNext()) {
        references.add(listing.next().reference());
      }
    }
    return references;
  }

  private static ManifestListing listing(String manifest, String position) throws IOException {
    return new ManifestListing("m", opener(manifest), r -> {}, position);
  }

  private static ManifestListing.Opener opener(String manifest) {
    byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
    return offset -> {
      ByteArrayInputStream in = new ByteArrayInputStream(bytes);
      in.skipNBytes(offset);
      return in;
    };
  }
}
