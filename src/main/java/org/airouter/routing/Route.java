package org.airouter.routing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Map;
import org.airouter.provider.ProviderKind;
import org.airouter.secrets.SecretBox;

/** One upstream the router may send a model to. The provider key is stored sealed and never leaves it in clear. */
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
  @Enumerated(EnumType.STRING) @Column(nullable = false, length = 32) private ProviderKind provider;
  @Column(name = "base_url", nullable = false, length = 1000) private String baseUrl;
  @Column(name = "sealed_api_key", length = 2000) private String sealedApiKey;
  @Column(name = "upstream_model", length = 200) private String upstreamModel;
  @Column(name = "api_version", length = 40) private String apiVersion;
  @Column(name = "deployments", length = 2000) private String deploymentsJson;
  @Column(name = "sealed_headers", length = 4000) private String sealedHeaders;   // SecretBox output of a JSON object
  @Column(name = "query_params", length = 1000) private String queryJson;
  @Column(name = "is_default", nullable = false) private boolean isDefault;
  @Column(nullable = false) private boolean enabled;
  @Column(name = "sort_order", nullable = false) private int sortOrder;
  @Column(name = "created_at", nullable = false) private Instant createdAt;
  @Column(name = "updated_at", nullable = false) private Instant updatedAt;
  @Version private long version;
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

  /** Takes every field of the spec; a spec without a key keeps the sealed one (the key is write-only). */
  void apply(RouteSpec spec, String sealedKeyOrNull) { apply(spec, sealedKeyOrNull, null); }

  /**
   * As {@link #apply(RouteSpec, String)}; {@code sealedHeadersOrNull} replaces the sealed extra headers unless null.
   * An empty header map arrives here sealed too, so "no headers" is stored as such.
   */
  void apply(RouteSpec spec, String sealedKeyOrNull, String sealedHeadersOrNull) {
    this.name = spec.name();
    this.matchKind = spec.match();
    this.pattern = spec.pattern();
    this.provider = spec.provider();
    this.baseUrl = spec.baseUrl();
    if (sealedKeyOrNull != null) this.sealedApiKey = sealedKeyOrNull;
    this.upstreamModel = spec.upstreamModel();
    this.apiVersion = spec.apiVersion();
    this.deploymentsJson = StringMaps.toJsonOrNull(spec.deployments());
    if (sealedHeadersOrNull != null) this.sealedHeaders = sealedHeadersOrNull;
    this.queryJson = StringMaps.toJsonOrNull(spec.query());
    this.isDefault = spec.isDefault();
    this.enabled = spec.enabled();
    this.updatedAt = Instant.now();
  }

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
  public ProviderKind provider() { return provider; }
  public String baseUrl() { return baseUrl; }
  public String sealedApiKey() { return sealedApiKey; }
  public String upstreamModel() { return upstreamModel; }
  public String apiVersion() { return apiVersion; }
  public Map<String, String> deployments() { return StringMaps.fromJson(deploymentsJson); }
  /** The extra headers as sealed JSON, or null; open with {@link #openHeaders}. */
  public String sealedHeaders() { return sealedHeaders; }
  public Map<String, String> query() { return StringMaps.fromJson(queryJson); }

  /** The extra headers in clear (values may be secrets: never log or render them). */
  public Map<String, String> openHeaders(SecretBox box) {
    return sealedHeaders == null ? Map.of() : StringMaps.fromJson(box.open(sealedHeaders));
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
