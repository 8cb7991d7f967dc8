package org.docbatch.worker.pool;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.function.BiFunction;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.docbatch.dispatch.queue.PartitionQueue;
import org.docbatch.dispatch.queue.PartitionRef;

/**
 * The lease an external worker holds on one task, as the opaque token it is handed: the queue's own
 * lease (partition and token, which the dispatcher's scripts check as for a node's worker), the
 * task type, the worker and when it was leased, signed with the cluster's key. Any node can read it
 * back without a look-up, and a worker cannot make one up for another's task: the queue's tokens
 * are a counter, the signature is not.
 *
 * @param leasedAt epoch ms when the task was leased: its run's start, for its task timeout
 */
record ExternalLease(
    String type,
    String workerId,
    long leasedAt,
    PartitionQueue.Lease lease,
    PartitionRef partition) {

  /** A lease on a partition in the full form (or an orphan). */
  ExternalLease(String type, String workerId, long leasedAt, PartitionQueue.Lease lease) {
    this(type, workerId, leasedAt, lease, PartitionRef.decode(lease.member(), null));
  }

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final String SEPARATOR = "\n";

  /** The document's index in its job. */
  int index() {
    return Integer.parseInt(partition().properties().getOrDefault("index", "-1"));
  }

  /** The task's id: {@code <job_id>:<index>}. */
  String taskId() {
    return partition().properties().get("jobId") + ":" + index();
  }

  String encode(byte[] key) {
    String payload =
        ENCODER.encodeToString(
            String.join(
                    SEPARATOR,
                    type,
                    workerId,
                    Long.toString(leasedAt),
                    lease.token(),
                    lease.member())
                .getBytes(StandardCharsets.UTF_8));
    return payload + "." + ENCODER.encodeToString(sign(key, payload));
  }

  /** The lease {@code text} stands for, empty when it is not a token this cluster signed. */
  static Optional<ExternalLease> decode(String text, byte[] key) {
    return decode(text, key, (type, member) -> PartitionRef.decode(member, null));
  }

  /**
   * The lease {@code text} stands for, its partition read by {@code reader} (queue type, entry),
   * empty when it is not a token this cluster signed.
   */
  static Optional<ExternalLease> decode(
      String text, byte[] key, BiFunction<String, String, PartitionRef> reader) {
    if (text == null) {
      return Optional.empty();
    }
    int dot = text.indexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    String payload = text.substring(0, dot);
    try {
      byte[] signature = DECODER.decode(text.substring(dot + 1));
      if (!MessageDigest.isEqual(signature, sign(key, payload))) {
        return Optional.empty();
      }
      String[] fields =
          new String(DECODER.decode(payload), StandardCharsets.UTF_8).split(SEPARATOR, 5);
      if (fields.length != 5) {
        return Optional.empty();
      }
      return Optional.of(
          new ExternalLease(
              fields[0],
              fields[1],
              Long.parseLong(fields[2]),
              new PartitionQueue.Lease(fields[4], fields[3]),
              reader.apply(fields[0], fields[4])));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not base64, or not a number where one belongs
    }
  }

  private static byte[] sign(byte[] key, String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
