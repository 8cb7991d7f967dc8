package org.docbatch.library;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A glob over object keys relative to a listed prefix: {@code *} matches within one path segment,
 * {@code **} across segments ({@code **}{@code /} also matches no folder at all, so {@code
 * **}{@code /*.pdf} takes the PDFs at the top of the prefix too), {@code ?} one character, {@code
 * [abc]} one of a set, {@code {a,b}} one of several; anything else matches itself.
 */
public final class KeyGlob {

  private static final int MAX_LENGTH = 1024;

  private final Pattern pattern;

  private KeyGlob(Pattern pattern) {
    this.pattern = pattern;
  }

  /**
   * Reads a glob.
   *
   * @throws IllegalArgumentException saying what is wrong with it, in words a client can act on
   */
  public static KeyGlob of(String glob) {
    if (glob.isEmpty() || glob.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("a glob has 1 to " + MAX_LENGTH + " characters");
    }
    StringBuilder regex = new StringBuilder();
    int braces = 0;
    boolean inClass = false;
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (inClass) {
        if (c == ']') {
          inClass = false;
          regex.append(']');
        } else if (c == '\\' || c == '[' || c == '&' || c == '^' && glob.charAt(i - 1) != '[') {
          regex.append('\\').append(c);
        } else {
          regex.append(c == '!' && glob.charAt(i - 1) == '[' ? '^' : c);
        }
        continue;
      }
      switch (c) {
        case '*' -> {
          if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
            boolean folder = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
            regex.append(folder ? "(?:.*/)?" : ".*");
            i += folder ? 2 : 1;
          } else {
            regex.append("[^/]*");
          }
        }
        case '?' -> regex.append("[^/]");
        case '[' -> {
          if (glob.indexOf(']', i + 2) < 0) {
            throw new IllegalArgumentException("a '[' in the glob is not closed by ']'");
          }
          inClass = true;
          regex.append('[');
        }
        case '{' -> {
          braces++;
          regex.append("(?:");
        }
        case '}' -> {
          if (braces == 0) {
            throw new IllegalArgumentException("a '}' in the glob has no '{' before it");
          }
          braces--;
          regex.append(')');
        }
        case ',' -> regex.append(braces > 0 ? "|" : ",");
        default -> regex.append(Pattern.quote(Character.toString(c)));
      }
    }
    if (braces > 0) {
      throw new IllegalArgumentException("a '{' in the glob is not closed by '}'");
    }
    try {
      return new KeyGlob(Pattern.compile(regex.toString()));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "the glob is not one docbatch reads: " + e.getDescription());
    }
  }

  /** Whether a key, relative to the listed prefix, matches. */
  public boolean matches(String relativeKey) {
    return pattern.matcher(relativeKey).matches();
  }
}
