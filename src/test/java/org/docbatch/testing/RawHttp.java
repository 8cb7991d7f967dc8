package org.docbatch.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * HTTP/1.1 spoken over a socket, for what {@link java.net.http.HttpClient} will not send: a body of
 * gigabytes that is still being written when the server answers, a {@code Host} header of the
 * test's choosing, a request from another loopback address. The body is written on a thread of its
 * own while the answer is read; writing stops when the answer came or the server closed.
 */
public final class RawHttp {

  /** An answer: its status, headers (names in lower case) and body. */
  public record Answer(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private RawHttp() {}

  /** Sends {@code body} in one go, with a {@code Content-Length}. */
  public static Answer send(
      String from, String method, URI uri, Map<String, String> headers, byte[] body)
      throws IOException {
    try (Socket socket =
        new Socket(
            InetAddress.getByName(uri.getHost()), uri.getPort(), InetAddress.getByName(from), 0)) {
      socket.setSoTimeout(120_000);
      Map<String, String> all = new LinkedHashMap<>(headers);
      all.put("Content-Length", Integer.toString(body.length));
      OutputStream out = socket.getOutputStream();
      out.write(head(method, uri, all));
      out.write(body);
      out.flush();
      return read(socket.getInputStream());
    }
  }

  private static byte[] head(String method, URI uri, Map<String, String> headers) {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(uri.getRawPath()).append(" HTTP/1.1\r\n");
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Host", uri.getHost() + ":" + uri.getPort());
    all.putAll(headers);
    all.put("Connection", "close");
    all.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    head.append("\r\n");
    return head.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * Sends {@code method} to {@code uri} from {@code from} (a loopback address), with {@code
   * headers} and a body of {@code bodyBytes} bytes of {@code filler} (none when 0); {@code chunked}
   * sends it without a {@code Content-Length}.
   */
  public static Answer send(
      String from,
      String method,
      URI uri,
      Map<String, String> headers,
      long bodyBytes,
      boolean chunked,
      byte filler)
      throws IOException {
    return send(from, method, uri, headers, new byte[0], bodyBytes, chunked, filler);
  }

  /**
   * As {@link #send(String, String, URI, Map, long, boolean, byte)}, the filler preceded by {@code
   * prefix} (a multipart part's head): {@code bodyBytes} counts the filler only.
   */
  public static Answer send(
      String from,
      String method,
      URI uri,
      Map<String, String> headers,
      byte[] prefix,
      long bodyBytes,
      boolean chunked,
      byte filler)
      throws IOException {
    if (chunked && prefix.length > 0) {
      throw new IllegalArgumentException("a prefix goes with a Content-Length only");
    }
    try (Socket socket =
        new Socket(
            InetAddress.getByName(uri.getHost()), uri.getPort(), InetAddress.getByName(from), 0)) {
      socket.setSoTimeout(120_000);
      Map<String, String> all = new LinkedHashMap<>(headers);
      if (bodyBytes > 0) {
        all.put(
            chunked ? "Transfer-Encoding" : "Content-Length", chunked ? "chunked" : "" + bodyBytes);
      }
      OutputStream out = socket.getOutputStream();
      out.write(head(method, uri, all));
      out.write(prefix);
      out.flush();
      AtomicBoolean answered = new AtomicBoolean();
      Thread writer = new Thread(() -> writeBody(out, bodyBytes, chunked, filler, answered));
      writer.setDaemon(true);
      writer.start();
      try {
        return read(socket.getInputStream());
      } finally {
        answered.set(true);
        socket.shutdownOutput();
        writer.interrupt();
      }
    }
  }

  private static void writeBody(
      OutputStream out, long bodyBytes, boolean chunked, byte filler, AtomicBoolean answered) {
    byte[] block = new byte[64 * 1024];
    Arrays.fill(block, filler);
    try {
      for (long left = bodyBytes; left > 0 && !answered.get(); ) {
        int n = (int) Math.min(block.length, left);
        if (chunked) {
          out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.write(block, 0, n);
        if (chunked) {
          out.write(new byte[] {'\r', '\n'});
        }
        left -= n;
      }
      if (chunked && bodyBytes > 0 && !answered.get()) {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.flush();
    } catch (IOException e) {
      // The server answered and closed: what the tests expect of a body it refuses.
    }
  }

  private static Answer read(InputStream in) throws IOException {
    String status = line(in);
    int code = Integer.parseInt(status.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      for (int size = Integer.parseInt(line(in).trim(), 16);
          size > 0;
          size = Integer.parseInt(line(in).trim(), 16)) {
        body.write(in.readNBytes(size));
        line(in);
      }
    } else if (headers.containsKey("content-length")) {
      body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
    }
    return new Answer(code, headers, body.toString(StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the server closed the connection mid-answer: " + line);
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }
}
