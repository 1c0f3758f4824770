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

/**
 * A named user of the console and the admin API. Only the password's PBKDF2 hash is stored (the scheme of the
 * bootstrap admin password); a user without one signs in through single sign-on only.
 */
@Entity
@Table(name = "console_user")
public class ConsoleUser {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "console_user_seq")
  @SequenceGenerator(name = "console_user_seq", sequenceName = "console_user_seq", allocationSize = 50)
  private Long id;

  @Column(nullable = false, length = 100) private String name;
  @Column(name = "password_hash", length = 200) private String passwordHash;
  @Column(nullable = false, length = 16) private String role;
  @Column(length = 100) private String team;
  /** Kept (their keys still name them as owner) but cannot sign in. */
  @Column(nullable = false) private boolean disabled;
  @Column(name = "created_at", nullable = false) private Instant createdAt;
  @Version private long version;

  protected ConsoleUser() {}   // for JPA

  ConsoleUser(String name, String passwordHash, Role role, String team) {
    this.name = name;
    this.passwordHash = passwordHash;
    this.role = role.id();
    this.team = team;
    this.createdAt = Instant.now();
  }

  void role(Role role) { this.role = role.id(); }
  void team(String team) { this.team = team; }
  void passwordHash(String hash) { this.passwordHash = hash; }
  void disabled(boolean disabled) { this.disabled = disabled; }

  public Long id() { return id; }
  public String name() { return name; }
  String passwordHash() { return passwordHash; }
  public boolean hasPassword() { return passwordHash != null; }
  public Role role() { return Role.of(role).orElse(Role.VIEWER); }
  public String team() { return team; }
  public boolean disabled() { return disabled; }
  public Instant createdAt() { return createdAt; }
  public long version() { return version; }
}
