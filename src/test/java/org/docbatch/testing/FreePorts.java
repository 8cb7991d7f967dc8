package org.docbatch.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Finds ports nobody listens on, so tests never touch a shared service (such as Redis on 6379). */
public final class FreePorts {

  private FreePorts() {}

  public static int any() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }

  /** A WildFly port offset under which HTTP (8080+n) and management (9990+n) are both free. */
  public static int wildflyOffset() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int offset = ThreadLocalRandom.current().nextInt(1_000, 30_000);
      if (isFree(8080 + offset) && isFree(9990 + offset)) {
        return offset;
      }
    }
    throw new IllegalStateException("no free WildFly port offset");
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
