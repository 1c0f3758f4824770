package org.airouter.keys;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A key we issued to a client. Only its keyed hash and a short display prefix are stored. */
@Entity
@Table(name = "client_key")
public class ClientKey {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "client_key_seq")
  @SequenceGenerator(name = "client_key_seq", sequenceName = "client_key_seq", allocationSize = 50)
  private Long id;

  @Column(nullable = false, length = 100) private String name;
  @Column(nullable = false, length = 16) private String prefix;
  // CHAR, not VARCHAR: the migration's char(64) is bpchar on PostgreSQL, which schema validation refuses otherwise.
  @Column(name = "key_hash", nullable = false, length = 64, columnDefinition = "char(64)")
  @JdbcTypeCode(SqlTypes.CHAR) private String keyHash;
  /** Newline-separated model names or globs; empty means every model. */
  @Column(name = "allowed_models", length = 8000) private String allowedModels;
  /** Comma-separated {@link EndpointGroup} names; null means the default reach (see {@link EndpointGroup#reach}). */
  @Column(name = "allowed_endpoints", length = 1000) private String allowedEndpoints;
  @Column(name = "expires_at") private Instant expiresAt;
  @Column(length = 100) private String team;
  /** {@link LimitPolicy} as JSON; null when the key has no limits of its own. */
  @Column(name = "limit_policy", length = 2000) private String limitPolicy;
  /** The console user the key is for (null: issued before owners, by an admin token or from the config file). */
  @Column(length = 100) private String owner;
  @Column(nullable = false) private boolean enabled;
  @Column(name = "created_at", nullable = false) private Instant createdAt;
  @Column(name = "last_used_at") private Instant lastUsedAt;
  @Version private long version;

  protected ClientKey() {}   // for JPA

  ClientKey(String name, String prefix, String keyHash) {
    this.name = name;
    this.prefix = prefix;
    this.keyHash = keyHash;
    this.createdAt = Instant.now();
  }

  void apply(ClientKeySpec spec) {
    this.name = spec.name();
    this.allowedModels = String.join("\n", spec.allowedModels());
    this.allowedEndpoints = spec.allowedEndpoints() == null ? null : String.join(",", spec.allowedEndpoints());
    this.expiresAt = spec.expiresAt();
    this.enabled = spec.enabled();
    this.team = spec.team();
    this.limitPolicy = spec.policy().toStored();
  }

  void rekey(String prefix, String keyHash) {
    this.prefix = prefix;
    this.keyHash = keyHash;
  }

  void setEnabled(boolean enabled) { this.enabled = enabled; }

  void owner(String owner) { this.owner = owner; }

  public Long id() { return id; }
  public String name() { return name; }
  public String prefix() { return prefix; }
  String keyHash() { return keyHash; }
  public List<String> allowedModels() {
    return allowedModels == null || allowedModels.isEmpty() ? List.of() : Arrays.asList(allowedModels.split("\n"));
  }
  /** The endpoint names the operator listed, or null for the default reach. */
  public List<String> allowedEndpoints() {
    return allowedEndpoints == null || allowedEndpoints.isEmpty() ? null : List.of(allowedEndpoints.split(","));
  }
  /** The endpoint groups this key reaches, its list or the default resolved. */
  public Set<EndpointGroup> reach() { return EndpointGroup.reach(!allowedModels().isEmpty(), allowedEndpoints()); }
  public Instant expiresAt() { return expiresAt; }
  public boolean enabled() { return enabled; }
  /** The owning user's name, or null. */
  public String owner() { return owner; }
  /** The team's name, or null. A team named here but not defined limits nothing until it is. */
  public String team() { return team; }
  public LimitPolicy policy() { return LimitPolicy.parse(limitPolicy); }
  public Instant createdAt() { return createdAt; }
  public Instant lastUsedAt() { return lastUsedAt; }
  public long version() { return version; }
}
