package org.docbatch.security;

/**
 * A request's credential is missing, unknown, malformed or expired. The message says which, for the
 * person who sent it, and never repeats the credential.
 */
public class CredentialException extends Exception {
  public CredentialException(String message) {
    super(message);
  }
}
