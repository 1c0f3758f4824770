package org.airouter.keys;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A group of client keys sharing limits and a budget; a request of a member key must pass both its own and these. */
@Entity
@Table(name = "team")
public class Team {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "team_seq")
  @SequenceGenerator(name = "team_seq", sequenceName = "team_seq", allocationSize = 50)
  private Long id;

  @Column(nullable = false, length = 100) private String name;
  @Column(name = "limit_policy", length = 2000) private String limitPolicy;
  @Version private long version;

  protected Team() {}   // for JPA

  Team(TeamSpec spec) { apply(spec); }

  void apply(TeamSpec spec) {
    this.name = spec.name();
    this.limitPolicy = spec.policy().toStored();
  }

  public Long id() { return id; }
  public String name() { return name; }
  public LimitPolicy policy() { return LimitPolicy.parse(limitPolicy); }
  public long version() { return version; }
}
