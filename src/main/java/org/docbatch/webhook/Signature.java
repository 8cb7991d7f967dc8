package org.docbatch.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code Docbatch-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}, as Stripe signs
 * its webhooks: the timestamp inside the signed text lets a receiver refuse an old delivery
 * replayed by whoever saw it pass.
 */
public final class Signature {

  public static final String HEADER = "Docbatch-Signature";

  private Signature() {}

  /** The header's value for {@code body} sent at {@code unixSeconds}. */
  public static String of(String secret, long unixSeconds, String body) {
    return "t=" + unixSeconds + ",v1=" + hmac(secret, unixSeconds + "." + body);
  }

  static String hmac(String secret, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
