package org.airouter.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One change or sign-in. Immutable once written: no setters, no version; the application inserts events and deletes
 * only those older than the retention period. {@code detail} is JSON (before/after or the submitted form), scrubbed.
 */
@Entity
@Table(name = "audit_event")
public class AuditEvent {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "audit_event_seq")
  @SequenceGenerator(name = "audit_event_seq", sequenceName = "audit_event_seq", allocationSize = 50)
  private Long id;

  @Column(nullable = false) private Instant at;
  @Column(nullable = false, length = 200) private String actor;
  @Column(length = 64) private String address;
  @Column(nullable = false, length = 40) private String action;
  @Column(name = "target_type", length = 40) private String targetType;
  @Column(length = 200) private String target;
  @Column(length = 8000) private String detail;

  protected AuditEvent() {}   // for JPA

  AuditEvent(Instant at, String actor, String address, String action, String targetType, String target, String detail) {
    this.at = at;
    this.actor = cut(actor, 200);
    this.address = cut(address, 64);
    this.action = cut(action, 40);
    this.targetType = cut(targetType, 40);
    this.target = cut(target, 200);
    this.detail = cut(detail, 8000);
  }

  private static String cut(String s, int max) { return s == null || s.length() <= max ? s : s.substring(0, max); }

  public Long id() { return id; }
  public Instant at() { return at; }
  public String actor() { return actor; }
  public String address() { return address; }
  public String action() { return action; }
  public String targetType() { return targetType; }
  public String target() { return target; }
  public String detail() { return detail; }
}
