package org.airouter.audit;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.persistence.TypedQuery;
import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.airouter.persistence.Jpa;
import org.airouter.wire.JsonIo;

/**
 * Writes audit events (scrubbed of secrets first), reads them a page at a time with filters, exports them as JSON
 * lines, and forgets those older than the retention period. There is no update and no delete of a single event.
 */
public class AuditLog {
  private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());
  public static final int MAX_PAGE = 500;

  private final Jpa jpa;
  private final int retentionDays;
  private final Clock clock;

  public AuditLog(Jpa jpa, int retentionDays, Clock clock) {
    this.jpa = jpa;
    this.retentionDays = retentionDays;
    this.clock = clock;
  }

  /**
   * Records one event; {@code detail} may be null. A failure to write is logged loudly, not thrown: the change it
   * describes has already happened and its caller must still get the answer.
   */
  public void record(String actor, String address, String action, String targetType, String target, JsonValue detail) {
    String scrubbed = detail == null ? null : AuditScrub.scrub(detail).toString();
    AuditEvent event = new AuditEvent(clock.instant(), actor == null ? "anonymous" : actor, address, action,
        targetType, target, scrubbed);
    try {
      jpa.run(em -> em.persist(event));
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "Could not write the audit event " + action + " by " + actor, e);
    }
  }

  /** Filters; null means any. {@code from} inclusive, {@code to} exclusive. */
  public record Filter(String actor, String action, String targetType, String address, Instant from, Instant to) {
    public static final Filter ALL = new Filter(null, null, null, null, null, null);
  }

  public record Page(List<AuditEvent> events, long total, int offset, int limit) {}

  /** Newest first. */
  public Page page(Filter filter, int offset, int limit) {
    int size = Math.max(1, Math.min(limit, MAX_PAGE));
    int from = Math.max(0, offset);
    return jpa.read(em -> {
      Map<String, Object> params = new HashMap<>();
      String where = where(filter, params);
      TypedQuery<Long> count = em.createQuery("select count(e) from AuditEvent e" + where, Long.class);
      TypedQuery<AuditEvent> list = em.createQuery("select e from AuditEvent e" + where + " order by e.at desc, e.id desc",
          AuditEvent.class);
      params.forEach((k, v) -> { count.setParameter(k, v); list.setParameter(k, v); });
      return new Page(list.setFirstResult(from).setMaxResults(size).getResultList(), count.getSingleResult(), from, size);
    });
  }

  /** Every matching event, oldest first, one JSON object a line. */
  public void export(Filter filter, Writer out) throws IOException {
    int offset = 0;
    while (true) {
      int at = offset;
      List<AuditEvent> batch = jpa.read(em -> {
        Map<String, Object> params = new HashMap<>();
        TypedQuery<AuditEvent> q = em.createQuery("select e from AuditEvent e" + where(filter, params)
            + " order by e.at, e.id", AuditEvent.class);
        params.forEach(q::setParameter);
        return q.setFirstResult(at).setMaxResults(MAX_PAGE).getResultList();
      });
      for (AuditEvent e : batch) out.write(json(e).toString() + "\n");
      if (batch.size() < MAX_PAGE) break;
      offset += batch.size();
    }
    out.flush();
  }

  /** Deletes events older than the retention period (0 or less: keep forever); returns how many. */
  public int purge() {
    if (retentionDays <= 0) return 0;
    Instant before = clock.instant().minus(Duration.ofDays(retentionDays));
    try {
      return jpa.inTransaction(em -> em.createQuery("delete from AuditEvent e where e.at < :before")
          .setParameter("before", before).executeUpdate());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Audit retention clean-up failed; it runs again in an hour", e);
      return 0;
    }
  }

  public int retentionDays() { return retentionDays; }

  public static JsonObject json(AuditEvent e) {
    JsonObjectBuilder b = JsonIo.PROVIDER.createObjectBuilder().add("id", e.id()).add("at", e.at().toString())
        .add("actor", e.actor()).add("action", e.action());
    if (e.address() != null) b.add("address", e.address());
    if (e.targetType() != null) b.add("targetType", e.targetType());
    if (e.target() != null) b.add("target", e.target());
    if (e.detail() != null) {
      // cut at the column's length, it is no longer JSON: shown as text
      JsonIo.read(e.detail()).ifPresentOrElse(detail -> b.add("detail", detail), () -> b.add("detail", e.detail()));
    }
    return b.build();
  }

  private static String where(Filter f, Map<String, Object> params) {
    List<String> terms = new ArrayList<>();
    if (f.actor() != null) { terms.add("e.actor = :actor"); params.put("actor", f.actor()); }
    if (f.action() != null) { terms.add("e.action = :action"); params.put("action", f.action()); }
    if (f.targetType() != null) { terms.add("e.targetType = :targetType"); params.put("targetType", f.targetType()); }
    if (f.address() != null) { terms.add("e.address = :address"); params.put("address", f.address()); }
    if (f.from() != null) { terms.add("e.at >= :from"); params.put("from", f.from()); }
    if (f.to() != null) { terms.add("e.at < :to"); params.put("to", f.to()); }
    return terms.isEmpty() ? "" : " where " + String.join(" and ", terms);
  }
}
