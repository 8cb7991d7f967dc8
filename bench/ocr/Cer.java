import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Character error rate of readings against the text drawn: the edit distance (Levenshtein) over
 * the length of the expected text, whitespace runs counted as one space, summed over the pairs
 * given. Run with: java Cer.java EXPECTED1 READ1 [EXPECTED2 READ2 ...]; prints the rate.
 */
public class Cer {

  public static void main(String[] args) throws Exception {
    long edits = 0;
    long length = 0;
    for (int i = 0; i + 1 < args.length; i += 2) {
      String expected = normal(Files.readString(Path.of(args[i])));
      String read = normal(Files.readString(Path.of(args[i + 1])));
      edits += distance(expected, read);
      length += expected.length();
    }
    System.out.printf("%.5f%n", length == 0 ? 0.0 : (double) edits / length);
  }

  private static String normal(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
