package org.docbatch.webhook;

/** A callback URL docbatch will not call; the message says why, without the URL's secrets. */
public class CallbackRefusedException extends Exception {

  public CallbackRefusedException(String message) {
    super(message);
  }
}
