package org.airouter.routing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.util.Map;
import org.airouter.provider.ProviderKind;
import org.airouter.secrets.SecretBox;

/**
 * One upstream behind a route (table {@code route_target}). The provider key and the extra headers are stored sealed
 * and never leave it in clear. Ids come from {@code route_seq}, which the route ids come from too: V9 gave each
 * existing route's target the route's own id, and a shared sequence never hands those out again.
 */
@Entity
@Table(name = "route_target")
public class Target {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "route_target_seq")
  @SequenceGenerator(name = "route_target_seq", sequenceName = "route_seq", allocationSize = 50)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "route_id", nullable = false)
  private Route route;
  @Column(name = "sort_order", nullable = false) private int sortOrder;
  @Column(nullable = false, length = 100) private String name;
  @Enumerated(EnumType.STRING) @Column(nullable = false, length = 32) private ProviderKind provider;
  @Column(name = "base_url", nullable = false, length = 1000) private String baseUrl;
  @Column(name = "sealed_api_key", length = 2000) private String sealedApiKey;
  @Column(name = "upstream_model", length = 200) private String upstreamModel;
  @Column(name = "api_version", length = 40) private String apiVersion;
  @Column(name = "deployments", length = 2000) private String deploymentsJson;
  @Column(name = "sealed_headers", length = 4000) private String sealedHeaders;   // SecretBox output of a JSON object
  @Column(name = "query_params", length = 1000) private String queryJson;
  @Column(nullable = false) private int priority;
  @Column(nullable = false) private int weight;
  @Column(nullable = false) private boolean enabled;
  @Column(name = "timeouts", length = 500) private String timeoutsJson;

  protected Target() {}   // for JPA

  Target(Route route, String name) {
    this.route = route;
    this.name = name;
  }

  /** Takes every field of the spec; a null sealed key or sealed headers keeps the stored ones (they are write-only). */
  void apply(TargetSpec spec, int sortOrder, String sealedKeyOrNull, String sealedHeadersOrNull) {
    this.name = spec.name();
    this.sortOrder = sortOrder;
    this.provider = spec.provider();
    this.baseUrl = spec.baseUrl();
    if (sealedKeyOrNull != null) this.sealedApiKey = sealedKeyOrNull;
    this.upstreamModel = spec.upstreamModel();
    this.apiVersion = spec.apiVersion();
    this.deploymentsJson = StringMaps.toJsonOrNull(spec.deployments());
    if (sealedHeadersOrNull != null) this.sealedHeaders = sealedHeadersOrNull;
    this.queryJson = StringMaps.toJsonOrNull(spec.query());
    this.priority = spec.priority();
    this.weight = spec.weight();
    this.enabled = spec.enabled();
    this.timeoutsJson = spec.timeouts().toJsonOrNull();
  }

  /** A renamed single target keeps its stored secrets (see RouteService). */
  void keepSecretsOf(Target other) {
    this.sealedApiKey = other.sealedApiKey;
    this.sealedHeaders = other.sealedHeaders;
  }

  public Long id() { return id; }
  public String name() { return name; }
  public int sortOrder() { return sortOrder; }
  public ProviderKind provider() { return provider; }
  public String baseUrl() { return baseUrl; }
  public String sealedApiKey() { return sealedApiKey; }
  public String upstreamModel() { return upstreamModel; }
  public String apiVersion() { return apiVersion; }
  public Map<String, String> deployments() { return StringMaps.fromJson(deploymentsJson); }
  /** The extra headers as sealed JSON, or null; open with {@link #openHeaders}. */
  public String sealedHeaders() { return sealedHeaders; }
  public Map<String, String> query() { return StringMaps.fromJson(queryJson); }
  public int priority() { return priority; }
  public int weight() { return weight; }
  public boolean enabled() { return enabled; }
  public Timeouts timeouts() { return Timeouts.fromJsonOrNull(timeoutsJson); }

  /** The extra headers in clear (values may be secrets: never log or render them). */
  public Map<String, String> openHeaders(SecretBox box) {
    return sealedHeaders == null ? Map.of() : StringMaps.fromJson(box.open(sealedHeaders));
  }
}
