package org.airouter.routing;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/** Where the router sends a model: the matching rule, the targets behind it (upstreams) and how it fails over. */
@Entity
@Table(name = "route")
public class Route {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "route_seq")
  @SequenceGenerator(name = "route_seq", sequenceName = "route_seq", allocationSize = 50)
  private Long id;

  @Column(nullable = false, length = 100) private String name;
  @Enumerated(EnumType.STRING) @Column(name = "match_kind", nullable = false, length = 16) private MatchKind matchKind;
  @Column(nullable = false, length = 200) private String pattern;
  @Column(name = "is_default", nullable = false) private boolean isDefault;
  @Column(nullable = false) private boolean enabled;
  @Column(name = "sort_order", nullable = false) private int sortOrder;
  @Column(name = "created_at", nullable = false) private Instant createdAt;
  @Column(name = "updated_at", nullable = false) private Instant updatedAt;
  @Version private long version;
  @OneToMany(mappedBy = "route", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
  @OrderBy("sortOrder")
  private List<Target> targets = new ArrayList<>();
  // Failover settings (issue 16); null columns hold the defaults, so routes from before V9 read as they behaved.
  @Column(name = "max_attempts") private Integer maxAttempts;
  @Column(name = "retry_on_timeout") private Boolean retryOnTimeout;
  @Column(name = "fallbacks", length = 1000) private String fallbacksJson;
  @Column(name = "sticky", length = 200) private String sticky;
  @Column(name = "timeouts", length = 500) private String timeoutsJson;
  @Column(name = "keepalive_after_ms") private Integer keepaliveAfterMs;
  // The last online test: written only by RouteService.recordProbe's own update, never by saving the route, so an
  // edit and a test running at the same moment do not undo each other.
  @Column(name = "last_test_at", insertable = false, updatable = false) private Instant lastProbeAt;
  @Column(name = "last_test_ok", insertable = false, updatable = false) private Boolean lastProbeOk;
  @Column(name = "last_test_status", insertable = false, updatable = false) private Integer lastProbeStatus;
  @Column(name = "last_test_first_byte_ms", insertable = false, updatable = false) private Integer lastProbeFirstByteMs;
  @Column(name = "last_test_total_ms", insertable = false, updatable = false) private Integer lastProbeTotalMs;
  @Column(name = "last_test_message", length = LastProbe.MESSAGE_LENGTH, insertable = false, updatable = false)
  private String lastProbeMessage;

  protected Route() {}   // for JPA

  Route(String name, int sortOrder) {
    this.name = name;
    this.sortOrder = sortOrder;
    this.createdAt = Instant.now();
  }

  /**
   * Takes the route's own fields and failover settings; the targets are the service's to match by name
   * ({@link #targetsForUpdate}), since their secrets are kept per target.
   */
  void apply(RouteSpec spec) {
    this.name = spec.name();
    this.matchKind = spec.match();
    this.pattern = spec.pattern();
    this.isDefault = spec.isDefault();
    this.enabled = spec.enabled();
    Failover f = spec.failover();
    this.maxAttempts = f.maxAttempts() == Failover.DEFAULT_MAX_ATTEMPTS ? null : f.maxAttempts();
    this.retryOnTimeout = f.retryOnTimeout() ? Boolean.TRUE : null;
    this.fallbacksJson = f.fallbacks().isEmpty() ? null : StringMaps.listToJson(f.fallbacks());
    this.sticky = f.sticky();
    this.timeoutsJson = f.timeouts().toJsonOrNull();
    this.keepaliveAfterMs = f.keepaliveAfterMs();
    this.updatedAt = Instant.now();
  }

  /** The live list JPA maps: the service adds, updates and removes targets in it. */
  List<Target> targetsForUpdate() { return targets; }

  void setEnabled(boolean enabled) {
    this.enabled = enabled;
    this.updatedAt = Instant.now();
  }

  void clearDefault() { this.isDefault = false; }

  void moveTo(int sortOrder) { this.sortOrder = sortOrder; }

  public Long id() { return id; }
  public String name() { return name; }
  public MatchKind matchKind() { return matchKind; }
  public String pattern() { return pattern; }
  /** The targets in the operator's order. */
  public List<Target> targets() { return Collections.unmodifiableList(targets); }

  /**
   * The target the online test uses, and the one a list of routes shows: the first
   * enabled one by (priority, list order); the first of all when none is enabled.
   */
  public Target primary() {
    return targets.stream().filter(Target::enabled).min(Comparator.comparingInt(Target::priority))
        .orElse(targets.isEmpty() ? null : targets.get(0));
  }

  public Failover failover() {
    return new Failover(maxAttempts == null ? Failover.DEFAULT_MAX_ATTEMPTS : maxAttempts,
        Boolean.TRUE.equals(retryOnTimeout), StringMaps.listFromJson(fallbacksJson), sticky,
        Timeouts.fromJsonOrNull(timeoutsJson), keepaliveAfterMs);
  }

  public boolean isDefault() { return isDefault; }
  public boolean enabled() { return enabled; }
  public int sortOrder() { return sortOrder; }
  public Instant createdAt() { return createdAt; }
  public Instant updatedAt() { return updatedAt; }
  public long version() { return version; }

  /** The last online test of this route, or null if it was never tested. */
  public LastProbe lastProbe() {
    if (lastProbeAt == null) return null;
    return new LastProbe(lastProbeAt, Boolean.TRUE.equals(lastProbeOk), lastProbeStatus == null ? 0 : lastProbeStatus,
        lastProbeFirstByteMs == null ? -1 : lastProbeFirstByteMs, lastProbeTotalMs == null ? 0 : lastProbeTotalMs,
        lastProbeMessage);
  }
}
