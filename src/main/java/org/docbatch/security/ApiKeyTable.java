package org.docbatch.security;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.docbatch.digest.Sha256;

/**
 * API keys and whose they are. Only a key's SHA-256 is configured, never the key: an entry is
 * {@code user:role:sha256hex}, entries separated by new lines, commas or spaces; {@code #} starts a
 * comment. A key itself is {@code dbk_} and 43 random base64url characters ({@link #newKey}).
 */
public final class ApiKeyTable {

  /** User names docbatch accepts in API key entries: they also name the user's document area. */
  public static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Caller> byHash;

  private ApiKeyTable(Map<String, Caller> byHash) {
    this.byHash = byHash;
  }

  public static final ApiKeyTable EMPTY = new ApiKeyTable(Map.of());

  /** A table and what was wrong with the text it came from (each problem names its entry). */
  public record Parsed(ApiKeyTable table, List<String> problems) {}

  /** Reads entries; a bad entry is left out and described, the good ones are kept. */
  public static Parsed parse(String text) {
    Map<String, Caller> byHash = new HashMap<>();
    List<String> problems = new ArrayList<>();
    int number = 0;
    for (String line : text.split("\n")) {
      String content = line.replaceFirst("#.*", "");
      for (String entry : content.trim().split("[,\\s]+")) {
        if (entry.isEmpty()) {
          continue;
        }
        number++;
        String[] parts = entry.split(":", -1);
        if (parts.length != 3) {
          problems.add("entry " + number + " is not user:role:sha256hex");
          continue;
        }
        Optional<Role> role = Role.named(parts[1]);
        String hash = parts[2].toLowerCase();
        if (!USER.matcher(parts[0]).matches()) {
          problems.add("entry " + number + ": the user name must match " + USER.pattern());
        } else if (role.isEmpty()) {
          problems.add(
              "entry " + number + ": role '" + parts[1] + "' is not submitter, operator or admin");
        } else if (!HASH.matcher(hash).matches()) {
          problems.add("entry " + number + ": the key's SHA-256 must be 64 hex digits");
        } else {
          byHash.put(hash, new Caller(parts[0], role.get(), "api_key"));
        }
      }
    }
    return new Parsed(new ApiKeyTable(Map.copyOf(byHash)), List.copyOf(problems));
  }

  /** Both tables' keys; where one key is in both, {@code other}'s entry wins. */
  public ApiKeyTable with(ApiKeyTable other) {
    Map<String, Caller> merged = new HashMap<>(byHash);
    merged.putAll(other.byHash);
    return new ApiKeyTable(Map.copyOf(merged));
  }

  public int size() {
    return byHash.size();
  }

  /** The caller a presented key belongs to. */
  public Optional<Caller> find(String key) {
    return Optional.ofNullable(byHash.get(Sha256.hex(key)));
  }

  /** A new random key. */
  public static String newKey() {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    return "dbk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  /** The table entry for {@code key}: what an operator adds to {@code API_KEYS_FILE}. */
  public static String entry(String user, Role role, String key) {
    return user + ":" + role.label() + ":" + Sha256.hex(key);
  }
}
