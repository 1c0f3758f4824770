package org.airouter.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A bearer token for the admin API, with a role. Only its keyed hash and a display prefix are stored; revoked ones stay listed. */
@Entity
@Table(name = "admin_token")
public class AdminToken {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "admin_token_seq")
  @SequenceGenerator(name = "admin_token_seq", sequenceName = "admin_token_seq", allocationSize = 50)
  private Long id;

  @Column(nullable = false, length = 100) private String name;
  @Column(nullable = false, length = 16) private String prefix;
  // CHAR, as client_key.key_hash: PostgreSQL's bpchar fails schema validation as VARCHAR.
  @Column(name = "token_hash", nullable = false, length = 64, columnDefinition = "char(64)")
  @JdbcTypeCode(SqlTypes.CHAR) private String tokenHash;
  @Column(name = "created_at", nullable = false) private Instant createdAt;
  @Column(name = "last_used_at") private Instant lastUsedAt;
  @Column(name = "revoked_at") private Instant revokedAt;
  @Column(nullable = false, length = 16) private String role;
  @Version private long version;

  protected AdminToken() {}   // for JPA

  AdminToken(String name, String prefix, String tokenHash, Role role) {
    this.name = name;
    this.role = role.id();
    this.prefix = prefix;
    this.tokenHash = tokenHash;
    this.createdAt = Instant.now();
  }

  void revoke() { if (revokedAt == null) revokedAt = Instant.now(); }

  public Long id() { return id; }
  public String name() { return name; }
  public String prefix() { return prefix; }
  String tokenHash() { return tokenHash; }
  public Instant createdAt() { return createdAt; }
  public Instant lastUsedAt() { return lastUsedAt; }
  public Instant revokedAt() { return revokedAt; }
  /** Unknown names (a newer version's role) get the least: nothing on the admin API. */
  public Role role() { return Role.of(role).orElse(Role.MEMBER); }
  public boolean revoked() { return revokedAt != null; }
  public long version() { return version; }
}
