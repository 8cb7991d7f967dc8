package org.docbatch.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one management user of the admin console (:9990/console) and the HTTP management API, made
 * from {@code DOCBATCH_ADMIN_USER} and {@code DOCBATCH_ADMIN_PASSWORD} when the node starts. There
 * is no default password: without one, no user exists, and every management request but health and
 * metrics is refused.
 *
 * <p>The bootable JAR unpacks a fresh server for each run, whose {@code ManagementRealm} reads
 * {@code mgmt-users.properties} in the server's configuration folder; Elytron reloads that file
 * when it changes, so writing it here takes effect at the next login, without a reload of the
 * server. The password is stored as WildFly's {@code add-user.sh} stores it, {@code
 * HEX(MD5(user:ManagementRealm:password))}, never in clear.
 */
@ApplicationScoped
public class ManagementUser {

  private static final Logger LOG = Logger.getLogger(ManagementUser.class.getName());

  /** The realm name WildFly's management interface authenticates against (HTTP digest). */
  static final String REALM = "ManagementRealm";

  /** What a properties-file key may hold without escaping, and what add-user.sh accepts. */
  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  /** {@code DOCBATCH_ADMIN_USER}: the management user's name. */
  @Inject
  @ConfigProperty(name = "docbatch.admin.user", defaultValue = "admin")
  String user;

  /** {@code DOCBATCH_ADMIN_PASSWORD}: the management user's password; unset, no user. */
  @Inject
  @ConfigProperty(name = "docbatch.admin.password")
  Optional<String> password;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    String configDir = System.getProperty("jboss.server.config.dir");
    if (configDir == null) {
      return; // not inside WildFly
    }
    Path users = Path.of(configDir, "mgmt-users.properties");
    Optional<String> secret = password.filter(p -> !p.isEmpty());
    try {
      if (secret.isEmpty()) {
        write(users, null);
        LOG.info(
            "DOCBATCH-1002 The admin console (:9990/console) and the management API have no user:"
                + " set DOCBATCH_ADMIN_PASSWORD (and DOCBATCH_ADMIN_USER, default admin) to"
                + " enable them");
      } else if (!USER_NAME.matcher(user).matches()) {
        write(users, null);
        LOG.severe(
            "DOCBATCH-1003 DOCBATCH_ADMIN_USER '"
                + user
                + "' is not a valid management user name (letters, digits, . _ @ -, at most 64):"
                + " the admin console has no user");
      } else {
        write(users, entry(user, secret.get()));
        LOG.info(
            () ->
                "DOCBATCH-1001 The admin console (:9990/console) and the management API accept"
                    + " user "
                    + user
                    + " (DOCBATCH_ADMIN_USER)");
      }
    } catch (IOException e) {
      LOG.log(
          Level.SEVERE,
          "DOCBATCH-1004 Writing the management user to " + users + " failed: no admin console",
          e);
    }
  }

  /** A line of {@code mgmt-users.properties}: {@code user=HEX(MD5(user:realm:password))}. */
  static String entry(String user, String password) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      byte[] digest =
          md5.digest((user + ":" + REALM + ":" + password).getBytes(StandardCharsets.UTF_8));
      return user + "=" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has MD5", e);
    }
  }

  /** Replaces the file in one move, so the realm never reads half of it. */
  private static void write(Path users, String entry) throws IOException {
    StringBuilder text =
        new StringBuilder()
            .append("# Written by docbatch at start from DOCBATCH_ADMIN_USER and")
            .append(" DOCBATCH_ADMIN_PASSWORD.\n")
            .append("#$REALM_NAME=")
            .append(REALM)
            .append("$\n");
    if (entry != null) {
      text.append(entry).append('\n');
    }
    Path temporary = Files.createTempFile(users.getParent(), "mgmt-users", ".tmp");
    Files.writeString(temporary, text, StandardCharsets.UTF_8);
    Files.move(
        temporary, users, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
