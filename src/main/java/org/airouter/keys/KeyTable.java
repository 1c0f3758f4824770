package org.airouter.keys;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.airouter.secrets.ConstantTime;
import org.airouter.secrets.KeyHash;
import java.util.IdentityHashMap;

/**
 * An immutable snapshot of every client key by keyed hash. Finding a key is one HMAC and one hash lookup; the
 * stored hash is then compared in constant time.
 */
public final class KeyTable {
  public static final KeyTable EMPTY = new KeyTable(Map.of(), Map.of());

  private final Map<String, ActiveKey> byHash;
  private final Map<ActiveKey, String> hashOf;

  private KeyTable(Map<String, ActiveKey> byHash, Map<ActiveKey, String> hashOf) {
    this.byHash = byHash;
    this.hashOf = hashOf;
  }

  public static KeyTable of(List<ClientKey> keys) {
    Map<String, ActiveKey> byHash = new HashMap<>();
    Map<ActiveKey, String> hashOf = new IdentityHashMap<>();
    for (ClientKey key : keys) {
      ActiveKey active = ActiveKey.of(key);
      byHash.put(key.keyHash(), active);
      hashOf.put(active, key.keyHash());
    }
    return new KeyTable(byHash, hashOf);
  }

  public KeyCheck check(String presented, KeyHash hasher, Instant now) {
    if (presented == null || presented.isEmpty() || presented.length() > 512) return new KeyCheck.Unknown();
    String hash = hasher.of(presented);
    ActiveKey key = byHash.get(hash);
    if (key == null || !ConstantTime.equals(hash, hashOf.get(key))) return new KeyCheck.Unknown();
    return key.activeAt(now) ? new KeyCheck.Valid(key) : new KeyCheck.Inactive();
  }

  public int size() { return byHash.size(); }
}
