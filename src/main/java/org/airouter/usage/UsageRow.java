package org.airouter.usage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** One stored usage record (raw, kept for the retention period). Written only by {@link UsageStore}. */
@Entity
@Table(name = "usage_record")
public class UsageRow {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "usage_record_seq")
  @SequenceGenerator(name = "usage_record_seq", sequenceName = "usage_record_seq", allocationSize = 50)
  private Long id;

  @Column(nullable = false) private Instant at;
  @Column(name = "key_id", nullable = false) private long keyId;
  @Column(name = "route_id", nullable = false) private long routeId;
  @Column(nullable = false, length = 200) private String model;
  @Column(name = "upstream_model", length = 200) private String upstreamModel;
  @Column(nullable = false, length = 100) private String endpoint;
  @Column(nullable = false) private short status;
  @Column(name = "error_code", length = 64) private String errorCode;
  @Column(name = "first_byte_ms", nullable = false) private int firstByteMs;
  @Column(name = "total_ms", nullable = false) private int totalMs;
  @Column(name = "prompt_tokens", nullable = false) private int promptTokens;
  @Column(name = "completion_tokens", nullable = false) private int completionTokens;
  @Column(name = "cached_tokens", nullable = false) private int cachedTokens;
  @Column(name = "reasoning_tokens", nullable = false) private int reasoningTokens;
  @Column(nullable = false) private short flags;
  @Column(name = "request_id", nullable = false, length = 40) private String requestId;

  protected UsageRow() {}   // for JPA

  UsageRow(UsageRecord r) {
    this.at = r.at();
    this.keyId = r.keyId();
    this.routeId = r.routeId();
    this.model = clip(r.model() == null ? "" : r.model(), 200);
    // Only when it differs: most routes do not rewrite, and every byte here is multiplied by every request.
    this.upstreamModel = r.upstreamModel() == null || r.upstreamModel().equals(r.model()) ? null
        : clip(r.upstreamModel(), 200);
    this.endpoint = clip(r.endpoint(), 100);
    this.status = (short) r.status();
    this.errorCode = r.errorCode() == null ? null : clip(r.errorCode(), 64);
    this.firstByteMs = r.firstByteMs();
    this.totalMs = r.totalMs();
    this.promptTokens = r.tokens().prompt();
    this.completionTokens = r.tokens().completion();
    this.cachedTokens = r.tokens().cached();
    this.reasoningTokens = r.tokens().reasoning();
    this.flags = (short) r.flags();
    this.requestId = clip(r.requestId(), 40);
  }

  private static String clip(String s, int max) { return s.length() <= max ? s : s.substring(0, max); }
}
