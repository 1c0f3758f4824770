package org.airouter.keys;

import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.airouter.persistence.ConfigVersion;
import org.airouter.persistence.Jpa;
import org.airouter.secrets.ConstantTime;
import org.airouter.secrets.KeyHash;

/** Issues, imports, changes and checks client keys. Checking reads only the in-memory {@link KeyTable}. */
public class ClientKeyService {
  private final Jpa jpa;
  private final KeyHash hasher;
  private final Runnable onChange;
  private volatile KeyTable table = KeyTable.EMPTY;
  private final Map<Long, Instant> lastUsed = new ConcurrentHashMap<>();

  public ClientKeyService(Jpa jpa, KeyHash hasher, Runnable onChange) {
    this.jpa = jpa;
    this.hasher = hasher;
    this.onChange = onChange;
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

  /** A new random key; the returned value is the only time it is seen in full. */
  public IssuedKey issue(ClientKeySpec spec) {
    requireValid(spec);
    String key = ClientKeyFormat.generate();
    ClientKey stored = jpa.inTransaction(em -> {
      if (byName(em, spec.name()).isPresent()) throw new DuplicateKeyName(spec.name());
      ClientKey fresh = new ClientKey(spec.name(), ClientKeyFormat.displayPrefix(key), hasher.of(key));
      fresh.apply(spec);
      em.persist(fresh);
      ConfigVersion.bump(em);
      return fresh;
    });
    onChange.run();
    return new IssuedKey(stored, key);
  }

  /** Stores a key whose full value the operator already has (config file); idempotent by name. */
  public ClientKey importKey(ClientKeySpec spec, String key) {
    requireValid(spec);
    if (key == null || key.length() < 8) throw new InvalidClientKey(List.of("key: at least 8 characters"));
    String hash = hasher.of(key);
    ClientKey stored = jpa.inTransaction(em -> {
      Optional<ClientKey> sameHash = byHash(em, hash);
      if (sameHash.isPresent() && !sameHash.get().name().equals(spec.name())) {
        throw new InvalidClientKey(List.of("key: the same key is already stored under another name"));
      }
      ClientKey target = byName(em, spec.name()).orElseGet(() -> {
        ClientKey fresh = new ClientKey(spec.name(), ClientKeyFormat.displayPrefix(key), hash);
        em.persist(fresh);
        return fresh;
      });
      target.rekey(ClientKeyFormat.displayPrefix(key), hash);
      target.apply(spec);
      ConfigVersion.bump(em);
      return target;
    });
    onChange.run();
    return stored;
  }

  public ClientKey update(long id, ClientKeySpec spec, Long expectedVersion) {
    requireValid(spec);
    ClientKey stored = jpa.inTransaction(em -> {
      ClientKey key = existing(em, id);
      if (expectedVersion != null && expectedVersion != key.version()) {
        throw new OptimisticLockException("client key " + id + " was changed by someone else");
      }
      Optional<ClientKey> sameName = byName(em, spec.name());
      if (sameName.isPresent() && !sameName.get().id().equals(id)) throw new DuplicateKeyName(spec.name());
      key.apply(spec);
      ConfigVersion.bump(em);
      return key;
    });
    onChange.run();
    return stored;
  }

  public ClientKey setEnabled(long id, boolean enabled) {
    ClientKey stored = jpa.inTransaction(em -> {
      ClientKey key = existing(em, id);
      key.setEnabled(enabled);
      ConfigVersion.bump(em);
      return key;
    });
    onChange.run();
    return stored;
  }

  public void delete(long id) {
    jpa.run(em -> {
      em.remove(existing(em, id));
      ConfigVersion.bump(em);
    });
    onChange.run();
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

  private static void requireValid(ClientKeySpec spec) {
    List<String> problems = spec.problems();
    if (!problems.isEmpty()) throw new InvalidClientKey(problems);
  }

  public static final class ClientKeyNotFound extends RuntimeException {
    public ClientKeyNotFound(long id) { super("No client key with id " + id + "."); }
  }

  public static final class DuplicateKeyName extends RuntimeException {
    public DuplicateKeyName(String name) { super("A client key named '" + name + "' already exists."); }
  }

  public static final class InvalidClientKey extends RuntimeException {
    private final List<String> problems;

    public InvalidClientKey(List<String> problems) {
      super(String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() { return problems; }
  }
}
