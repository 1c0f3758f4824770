package org.airouter.admin.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.airouter.audit.AuditEvent;
import org.airouter.audit.AuditLog;

/**
 * The audit log (admin only), newest first, a page at a time: filtered by who, what and a range of days (UTC); the
 * filters live in the address (a GET form), so a filtered view is a link to share. The export link downloads the same
 * selection as JSON lines ({@link AuditExportServlet}).
 */
@Named
@RequestScoped
public class AuditPage {
  static final int PAGE_SIZE = 50;

  @Inject ConsoleServices services;

  private String actor;
  private String action;
  private String from;   // yyyy-MM-dd, UTC, inclusive
  private String to;     // yyyy-MM-dd, UTC, inclusive (the day's end)
  private int page;
  private AuditLog.Page result;
  private String problem;

  /** The view action: reads the page the parameters ask for. */
  public void load() {
    AuditLog.Filter filter;
    try {
      filter = filter(actor, action, from, to);
    } catch (DateTimeParseException e) {
      problem = "A date is not a date (yyyy-mm-dd); showing everything.";
      filter = AuditLog.Filter.ALL;
    }
    result = services.audit().page(filter, Math.max(0, page) * PAGE_SIZE, PAGE_SIZE);
  }

  /** The filter of these parameters; days are UTC and both ends inclusive. */
  static AuditLog.Filter filter(String actor, String action, String from, String to) {
    Instant start = blank(from) ? null : LocalDate.parse(from.trim()).atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant end = blank(to) ? null : LocalDate.parse(to.trim()).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    return new AuditLog.Filter(blank(actor) ? null : actor.trim(), blank(action) ? null : action.trim(), null, null,
        start, end);
  }

  /** The event's detail, one line, for the table (the full JSON is in the export). */
  public String detail(AuditEvent e) {
    JsonObject json = AuditLog.json(e);
    return json.containsKey("detail") ? json.get("detail").toString() : "";
  }

  /** The query string of these filters, for the pager and the export link. */
  public String query(int forPage) {
    Map<String, String> q = new LinkedHashMap<>();
    if (!blank(actor)) q.put("actor", actor.trim());
    if (!blank(action)) q.put("action", action.trim());
    if (!blank(from)) q.put("from", from.trim());
    if (!blank(to)) q.put("to", to.trim());
    if (forPage > 0) q.put("page", Integer.toString(forPage));
    return q.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  public List<AuditEvent> getEvents() { return result.events(); }
  public long getTotal() { return result.total(); }
  public int getPages() { return (int) Math.max(1, (result.total() + PAGE_SIZE - 1) / PAGE_SIZE); }
  public boolean isHasPrevious() { return page > 0; }
  public boolean isHasNext() { return (long) (page + 1) * PAGE_SIZE < result.total(); }
  public int getRetentionDays() { return services.audit().retentionDays(); }
  public String getProblem() { return problem; }

  public String getActor() { return actor; }
  public void setActor(String actor) { this.actor = actor; }
  public String getAction() { return action; }
  public void setAction(String action) { this.action = action; }
  public String getFrom() { return from; }
  public void setFrom(String from) { this.from = from; }
  public String getTo() { return to; }
  public void setTo(String to) { this.to = to; }
  public int getPage() { return page; }
  public void setPage(int page) { this.page = page; }

  private static boolean blank(String s) { return s == null || s.isBlank(); }
}
