package org.airouter.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.airouter.persistence.InstanceChecks;
import org.airouter.persistence.Jpa;
import org.airouter.secrets.ServerSecrets;
import java.io.IOException;
import java.net.InetAddress;

/**
 * Refuses to start an instance whose secrets differ from those the database was written with. Two instances with
 * different secrets on one database break each other silently: each re-seals provider keys and re-hashes client keys
 * from the config file with its own, and the other then answers 401 and 404. So this runs before anything is
 * written, and the first instance leaves a check value of each secret (never the secret) for the next.
 */
final class SecretCheck {
  private static final Logger LOG = Logger.getLogger(SecretCheck.class.getName());
  static final String MASTER_KEY = "master-key";
  static final String KEY_HASH = "key-hash-secret";

  private final InstanceChecks checks;
  private final Jpa jpa;
  private final ServerSecrets secrets;
  private final String instance;   // host, data directory and secret sources: what a mismatch message names
  private final Path dataDir;
  private final String database;

  SecretCheck(InstanceChecks checks, Jpa jpa, ServerSecrets secrets, Path dataDir, String database) {
    this.checks = checks;
    this.jpa = jpa;
    this.secrets = secrets;
    this.dataDir = dataDir.toAbsolutePath();
    this.database = database;
    this.instance = "host " + host() + ", data directory " + this.dataDir + ", master key from "
        + secrets.masterKeySource() + ", key-hash secret from " + secrets.keyHashSource();
  }

  /** This instance as check rows name it: host, data directory, where its secrets come from. */
  String instance() { return instance; }

  /** Passes, writing the check values the database lacks, or throws with what to copy where. */
  void verify() {
    Optional<InstanceChecks.Check> master = checks.read(MASTER_KEY);
    Optional<InstanceChecks.Check> hash = checks.read(KEY_HASH);
    List<String> differ = new ArrayList<>();
    String firstBy = null;
    if (master.isPresent() && !secrets.opensMasterKeyCheck(master.get().value())) {
      differ.add("the master key differs (the stored provider keys would not open; its check value is sealed with"
          + " key id '" + keyId(master.get().value()) + "')");
      firstBy = master.get().writtenBy();
    }
    if (hash.isPresent() && !hash.get().value().equals(secrets.keyHashCheck())) {
      differ.add("the key-hash secret differs (no stored client key would be recognised)");
      firstBy = hash.get().writtenBy();
    }
    if (master.isEmpty() && !opensAStoredProviderKey()) {
      differ.add("the master key differs (a provider key stored in the database does not open with it)");
    }
    if (!differ.isEmpty()) {
      String message = mismatch(differ, firstBy);
      LOG.severe(message);
      throw new IllegalStateException(message);
    }

    if (master.isEmpty() && !checks.insert(MASTER_KEY, secrets.masterKeyCheck(), instance)
        || hash.isEmpty() && !checks.insert(KEY_HASH, secrets.keyHashCheck(), instance)) {
      verify();   // another instance started at the same moment and wrote first: check against its values
      return;
    }
    if (master.isPresent() && !master.get().value().startsWith("v1." + secrets.box().currentKeyId() + ".")) {
      checks.put(MASTER_KEY, secrets.masterKeyCheck(), instance);   // rotated: the check follows the current key
    }
    if (master.isEmpty() || hash.isEmpty()) LOG.info("Secret check values written to the database by " + instance);
  }

  /** Databases written before check values existed: the first stored provider key must open. */
  private boolean opensAStoredProviderKey() {
    List<?> sealed = jpa.read(em -> em.createNativeQuery(
        "select sealed_api_key from route_target where sealed_api_key is not null order by id").setMaxResults(1)
        .getResultList());
    if (sealed.isEmpty()) return true;
    try {
      secrets.box().open(sealed.get(0).toString());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private String mismatch(List<String> differ, String firstBy) {
    return "This instance's secrets do not match the database " + database + ": " + String.join("; ", differ) + ". "
        + (firstBy == null ? "" : "The database's secrets are those of the instance that first used it (" + firstBy
        + "). ")
        + "Every instance sharing a database needs the same two secrets. Copy " + ServerSecrets.MASTER_KEY_FILE
        + " and " + ServerSecrets.KEY_HASH_FILE + " from that instance's data directory into this instance's data"
        + " directory " + dataDir + " (replacing the ones generated there), or give every instance the same settings"
        + " airouter.master-key (AIROUTER_MASTER_KEY) and airouter.key-hash-secret (AIROUTER_KEY_HASH_SECRET);"
        + " then start this instance again. This instance takes its master key from " + secrets.masterKeySource()
        + " and its key-hash secret from " + secrets.keyHashSource() + ". Nothing was written to the database.";
  }

  private static String keyId(String sealed) {
    String[] parts = sealed.split("\\.", 3);
    return parts.length == 3 ? parts[1] : "?";
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
