package org.docbatch.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CallbackPolicyTest {

  @Test
  void inwardAddressesAreNotPublic() throws Exception {
    for (String address :
        new String[] {
          "127.0.0.1",
          "10.0.0.1",
          "172.16.5.4",
          "192.168.1.1",
          "169.254.169.254",
          "100.64.0.1",
          "0.0.0.0",
          "::1",
          "fe80::1",
          "fd00::1",
          "224.0.0.1",
          "::ffff:127.0.0.1",
          "198.18.0.1"
        }) {
      assertFalse(CallbackPolicy.isPublic(InetAddress.getByName(address)), address);
    }
    for (String address : new String[] {"93.184.216.34", "8.8.8.8", "2606:4700::1111"}) {
      assertTrue(CallbackPolicy.isPublic(InetAddress.getByName(address)), address);
    }
  }

  @Test
  void onlyHttpsUnlessHttpIsAllowedAndNeverCredentials() {
    CallbackPolicy strict = new CallbackPolicy(false, null);
    CallbackPolicy lenient = new CallbackPolicy(true, "127.0.0.1");

    assertThrows(CallbackRefusedException.class, () -> strict.check("http://8.8.8.8/hook"));
    assertThrows(CallbackRefusedException.class, () -> strict.check("https://u:p@8.8.8.8/hook"));
    assertThrows(CallbackRefusedException.class, () -> strict.check("https://127.0.0.1/hook"));
    assertThrows(CallbackRefusedException.class, () -> strict.check("not a url"));
    assertEquals("127.0.0.1", assertDoesNotThrow(lenient, "http://127.0.0.1:9/hook"));
    assertThrows(CallbackRefusedException.class, () -> lenient.check("http://localhost:9/hook"));
  }

  @Test
  void theSignatureIsTheHmacOfTimestampDotBody() {
    // As `printf '1700000000.{}' | openssl dgst -sha256 -hmac key` gives it.
    assertEquals(
        "t=1700000000,v1=9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae",
        Signature.of("key", 1700000000L, "{}"));
  }

  private static String assertDoesNotThrow(CallbackPolicy policy, String url) {
    try {
      return policy.check(url).getHost();
    } catch (CallbackRefusedException e) {
      throw new AssertionError(url + " was refused: " + e.getMessage(), e);
    }
  }
}
