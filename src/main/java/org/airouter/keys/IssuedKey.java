package org.airouter.keys;

/** A freshly issued key: the only moment the full key exists outside the client's hands. */
public record IssuedKey(ClientKey stored, String key) {
  @Override public String toString() { return "IssuedKey[" + stored.name() + ", " + stored.prefix() + "…]"; }
}
