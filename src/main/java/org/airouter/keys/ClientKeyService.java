package org.airouter.keys;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.airouter.persistence.ConfigChanges;
import org.airouter.persistence.Jpa;
import org.airouter.secrets.ConstantTime;
import org.airouter.secrets.KeyHash;
import org.airouter.validation.DuplicateName;
import org.airouter.validation.Invalid;
import org.airouter.validation.NotFound;
import org.airouter.validation.Problem;

/** Issues, imports, changes and checks client keys. Checking reads only the in-memory {@link KeyTable}. */
public class ClientKeyService {
  private final Jpa jpa;
  private final KeyHash hasher;
  private final ConfigChanges changes;
  private volatile KeyTable table = KeyTable.EMPTY;
  private final Map<Long, Instant> lastUsed = new ConcurrentHashMap<>();

  public ClientKeyService(Jpa jpa, KeyHash hasher, Runnable onChange) {
    this.jpa = jpa;
    this.hasher = hasher;
    this.changes = new ConfigChanges(jpa, onChange);
  }

  /** The hot-path check: no database, one HMAC. */
  public KeyCheck check(String presented) {
    KeyCheck check = table.check(presented, hasher, Instant.now());
    if (check instanceof KeyCheck.Valid valid) lastUsed.put(valid.key().id(), Instant.now());
    return check;
  }

  /** Whether this full key is the one stored (compares keyed hashes in constant time); for import previews. */
  public boolean holds(ClientKey stored, String key) {
    return key != null && ConstantTime.equals(hasher.of(key), stored.keyHash());
  }

  public List<ClientKey> all() {
    return jpa.read(em -> em.createQuery("select k from ClientKey k order by k.id", ClientKey.class).getResultList());
  }

  public Optional<ClientKey> find(long id) { return Optional.ofNullable(jpa.read(em -> em.find(ClientKey.class, id))); }

  /** Keys owned by this user, oldest first. */
  public List<ClientKey> ownedBy(String owner) {
    return jpa.read(em -> em.createQuery("select k from ClientKey k where k.owner = :owner order by k.id", ClientKey.class)
        .setParameter("owner", owner).getResultList());
  }

  /** A new random key; the returned value is the only time it is seen in full. */
  public IssuedKey issue(ClientKeySpec spec) { return issue(spec, null); }

  /** As {@link #issue(ClientKeySpec)}, for {@code owner} (a user's name; null: nobody's). */
  public IssuedKey issue(ClientKeySpec spec, String owner) {
    Invalid.require(spec.problems(), InvalidClientKey::new);
    if (owner != null && (owner.isBlank() || owner.length() > 100)) {
      throw new InvalidClientKey(List.of(new Problem("owner", "1 to 100 characters")));
    }
    String key = ClientKeyFormat.generate();
    ClientKey stored = changes.apply(em -> {
      if (byName(em, spec.name()).isPresent()) throw new DuplicateKeyName(spec.name());
      ClientKey fresh = new ClientKey(spec.name(), ClientKeyFormat.displayPrefix(key), hasher.of(key));
      fresh.apply(spec);
      fresh.owner(owner);
      em.persist(fresh);
      return fresh;
    });
    return new IssuedKey(stored, key);
  }

  /** Stores a key whose full value the operator already has (config file); idempotent by name. */
  public ClientKey importKey(ClientKeySpec spec, String key) {
    Invalid.require(spec.problems(), InvalidClientKey::new);
    if (key == null || key.length() < 8) {
      throw new InvalidClientKey(List.of(new Problem("key", "at least 8 characters")));
    }
    String hash = hasher.of(key);
    return changes.apply(em -> {
      Optional<ClientKey> sameHash = byHash(em, hash);
      if (sameHash.isPresent() && !sameHash.get().name().equals(spec.name())) {
        throw new InvalidClientKey(List.of(new Problem("key", "the same key is already stored under another name")));
      }
      ClientKey target = byName(em, spec.name()).orElseGet(() -> {
        ClientKey fresh = new ClientKey(spec.name(), ClientKeyFormat.displayPrefix(key), hash);
        em.persist(fresh);
        return fresh;
      });
      target.rekey(ClientKeyFormat.displayPrefix(key), hash);
      target.apply(spec);
      return target;
    });
  }

  public ClientKey update(long id, ClientKeySpec spec, Long expectedVersion) {
    Invalid.require(spec.problems(), InvalidClientKey::new);
    return changes.apply(em -> {
      ClientKey key = existing(em, id);
      ConfigChanges.requireVersion(expectedVersion, key.version(), "client key " + id);
      Optional<ClientKey> sameName = byName(em, spec.name());
      if (sameName.isPresent() && !sameName.get().id().equals(id)) throw new DuplicateKeyName(spec.name());
      key.apply(spec);
      return key;
    });
  }

  public ClientKey setEnabled(long id, boolean enabled) {
    return changes.apply(em -> {
      ClientKey key = existing(em, id);
      key.setEnabled(enabled);
      return key;
    });
  }

  /**
   * Revokes (disables) one key of {@code owner}. Another's key is "not found", as if it did not exist: a member learns
   * nothing about keys that are not theirs.
   */
  public ClientKey revokeOwned(long id, String owner) {
    return changes.apply(em -> {
      ClientKey key = Optional.ofNullable(em.find(ClientKey.class, id)).filter(k -> owner != null && owner.equals(k.owner()))
          .orElseThrow(() -> new ClientKeyNotFound(id));
      key.setEnabled(false);
      return key;
    });
  }

  /** Revokes every enabled key of {@code owner} in one transaction (a user who left); returns those it revoked. */
  public List<ClientKey> revokeAllOwnedBy(String owner) {
    // Bumps the config version even when nothing was revoked: one reload, in return for a single write path.
    return changes.apply(em -> {
      List<ClientKey> keys = em.createQuery("select k from ClientKey k where k.owner = :owner and k.enabled = true"
          + " order by k.id", ClientKey.class).setParameter("owner", owner).getResultList();
      keys.forEach(k -> k.setEnabled(false));
      return keys;
    });
  }

  public void delete(long id) {
    changes.run(em -> em.remove(existing(em, id)));
  }

  /** Rebuilds the in-memory table from the database. */
  public void reload() {
    List<ClientKey> keys = all();
    table = KeyTable.of(keys);
  }

  /**
   * Writes the last-used times gathered since the previous call. Off the hot path: a lost update here costs a
   * slightly stale "last used", never a request.
   */
  public void flushLastUsed() {
    if (lastUsed.isEmpty()) return;
    Map<Long, Instant> batch = Map.copyOf(lastUsed);
    batch.forEach(lastUsed::remove);
    jpa.run(em -> batch.forEach((id, at) -> em.createQuery(
            "update ClientKey k set k.lastUsedAt = :at where k.id = :id and (k.lastUsedAt is null or k.lastUsedAt < :at)")
        .setParameter("at", at).setParameter("id", id).executeUpdate()));
  }

  private static ClientKey existing(EntityManager em, long id) {
    return Optional.ofNullable(em.find(ClientKey.class, id)).orElseThrow(() -> new ClientKeyNotFound(id));
  }

  private static Optional<ClientKey> byName(EntityManager em, String name) {
    return em.createQuery("select k from ClientKey k where k.name = :name", ClientKey.class)
        .setParameter("name", name).getResultStream().findFirst();
  }

  private static Optional<ClientKey> byHash(EntityManager em, String hash) {
    return em.createQuery("select k from ClientKey k where k.keyHash = :hash", ClientKey.class)
        .setParameter("hash", hash).getResultStream().findFirst();
  }

  public static final class ClientKeyNotFound extends NotFound {
    public ClientKeyNotFound(long id) { super("client key", id); }
  }

  public static final class DuplicateKeyName extends DuplicateName {
    public DuplicateKeyName(String name) { super("A client key", name); }
  }

  public static final class InvalidClientKey extends Invalid {
    public InvalidClientKey(List<Problem> problems) { super(problems); }
  }
}
