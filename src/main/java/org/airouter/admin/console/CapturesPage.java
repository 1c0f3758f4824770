package org.airouter.admin.console;

import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.airouter.capture.CaptureFilter;
import org.airouter.capture.CaptureRecord;
import org.airouter.capture.CaptureStore;
import org.airouter.capture.CaptureSwitches;
import org.airouter.capture.Captures;
import org.airouter.keys.ClientKey;
import org.airouter.routing.Route;
import org.airouter.wire.JsonIo;

/**
 * Payload capture, for admins only (the bodies are what users wrote): the switches that turn it on for a route or a
 * client key until an expiry, the captures newest first with filters, one capture's redacted bodies
 * ({@code ?id=}), and deleting captures. The filters and the open capture are query parameters, so a view is a link.
 */
@Named
@ViewScoped
public class CapturesPage implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(CapturesPage.class.getName());
  static final int PAGE_SIZE = 50;

  @Inject ConsoleServices services;
  @Inject ConsoleAudit audit;

  // the view's query parameters
  private String route;
  private String key;
  private String status;
  private String id;
  private int offset;

  // the switch form
  private String kind = "route";
  private String name;
  private String minutes = "60";

  private List<CaptureSwitches.Switch> switches = List.of();
  private List<CaptureRecord> captures = List.of();
  private long total;
  private CaptureRecord open;
  private CapturedBody requestBody;
  private CapturedBody answerBody;
  private boolean confirmingDeleteAll;
  private List<String> routeNames = List.of();
  private List<String> keyNames = List.of();

  /** The view action: what the query parameters ask for. */
  public void load() {
    Captures c = services.captures();
    switches = c.switches().all();
    routeNames = services.routes().all().stream().map(Route::name).sorted().toList();
    keyNames = services.keys().all().stream().map(ClientKey::name).sorted().toList();
    CaptureFilter filter;
    try {
      filter = filter();
    } catch (CaptureFilter.InvalidStatus e) {
      Messages.error(e.getMessage());
      status = null;
      filter = filter();
    }
    try {
      CaptureStore.Page page = c.page(filter, Math.max(0, offset), PAGE_SIZE);
      captures = page.captures();
      total = page.total();
      if (id != null && !id.isBlank()) {
        open = c.get(id).orElse(null);
        if (open == null) {
          Messages.error("No capture " + id + " (deleted, or past the retention period).");
        } else {
          CaptureRecord.Bodies b = open.bodies();
          requestBody = CapturedBody.of(b.request(), b.requestBytes(), b.requestTruncated());
          answerBody = CapturedBody.of(b.answer(), b.answerBytes(), b.answerTruncated());
        }
      }
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "Could not read the captures", e);
      Messages.error("The captures could not be read: the database did not answer.");
    }
  }

  private CaptureFilter filter() { return CaptureFilter.of(route, key, status); }

  public String turnOn() {
    CaptureSwitches.Kind k = "key".equals(kind) ? CaptureSwitches.Kind.KEY : CaptureSwitches.Kind.ROUTE;
    String n = name == null ? "" : name.trim();
    boolean valid = true;
    if (n.isEmpty() || n.length() > 100) {
      Messages.fieldError("switch:name", "The name of a route or a client key.");
      valid = false;
    }
    int m;
    try {
      m = Integer.parseInt(minutes == null ? "" : minutes.trim());
    } catch (NumberFormatException notANumber) {
      m = 0;   // said below
    }
    if (m < 1 || m > CaptureSwitches.MAX_MINUTES) {
      Messages.fieldError("switch:minutes", "A whole number of minutes from 1 to " + CaptureSwitches.MAX_MINUTES + ".");
      valid = false;
    }
    if (!valid) return null;
    CaptureSwitches.Switch on = services.captures().switches().turnOn(k, n, Instant.now().plus(Duration.ofMinutes(m)));
    audit.change(request(), "captures.switches", "captures", null, switchJson(on));
    boolean known = (k == CaptureSwitches.Kind.ROUTE ? routeNames : keyNames).contains(n);
    Messages.info("Capture on for " + kindLabel(k) + " " + n + " for " + m + " min"
        + (known ? "." : " (no " + kindLabel(k) + " has that name yet: it captures nothing until one does)."));
    return redirect();
  }

  public String turnOff(String switchKind, String switchName) {
    CaptureSwitches.Kind k = CaptureSwitches.Kind.valueOf(switchKind);
    if (services.captures().switches().turnOff(k, switchName)) {
      audit.change(request(), "captures.delete", "captures", null, JsonIo.PROVIDER.createObjectBuilder()
          .add("switch", JsonIo.PROVIDER.createObjectBuilder().add("kind", lower(k)).add("name", switchName)).build());
      Messages.info("Capture off for " + kindLabel(k) + " " + switchName + ".");
    } else {
      Messages.info("Capture was already off for " + kindLabel(k) + " " + switchName + " (it expired).");
    }
    return redirect();
  }

  public String delete(String captureId) {
    try {
      if (services.captures().delete(captureId)) {
        audit.change(request(), "captures.delete", "captures", captureId, null);
        Messages.info("Capture deleted.");
      } else {
        Messages.error("No capture " + captureId + " (already deleted).");
      }
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "Could not delete a capture", e);
      Messages.error("The capture could not be deleted: the database did not answer.");
    }
    if (captureId.equals(id)) id = null;   // back to the list
    return redirect();
  }

  public void askDeleteAll() { confirmingDeleteAll = true; }

  public void cancelDeleteAll() { confirmingDeleteAll = false; }

  /** Every capture the filters match, not only this page's. */
  public String deleteAll() {
    CaptureFilter filter = filter();
    try {
      int n = services.captures().delete(filter);
      audit.change(request(), "captures.delete", "captures", null, JsonIo.PROVIDER.createObjectBuilder()
          .add("filter", describe(filter)).add("deleted", n).build());
      Messages.info(ConsoleFormat.count(n, "capture") + " deleted.");
    } catch (SQLException e) {
      LOG.log(Level.WARNING, "Could not delete captures", e);
      Messages.error("The captures could not be deleted: the database did not answer.");
    }
    offset = 0;
    id = null;
    return redirect();
  }

  private String redirect() { return Messages.redirect("/console/captures") + "&includeViewParams=true"; }

  private static JsonObject switchJson(CaptureSwitches.Switch s) {
    return JsonIo.PROVIDER.createObjectBuilder().add("kind", lower(s.kind())).add("name", s.name())
        .add("until", s.until().toString()).build();
  }

  /** "all", or "route chat, status 4xx". */
  private static String describe(CaptureFilter f) {
    List<String> parts = new ArrayList<>();
    if (f.route() != null) parts.add("route " + f.route());
    if (f.key() != null) parts.add("key " + f.key());
    if (f.status() != null) parts.add("status " + f.status());
    return parts.isEmpty() ? "all" : String.join(", ", parts);
  }

  private static String lower(CaptureSwitches.Kind k) { return k.name().toLowerCase(Locale.ROOT); }

  private static String kindLabel(CaptureSwitches.Kind k) {
    return k == CaptureSwitches.Kind.ROUTE ? "route" : "client key";
  }

  private static HttpServletRequest request() {
    return (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest();
  }

  // ---- what the view reads ----

  public String kindLabel(CaptureSwitches.Switch s) { return kindLabel(s.kind()); }

  /** "in 25 min", "in 3 h": how long a switch stays on. */
  public String remaining(CaptureSwitches.Switch s) {
    Duration d = Duration.between(Instant.now(), s.until());
    if (d.toMinutes() < 1) return "less than a minute left";
    if (d.toHours() < 2) return d.toMinutes() + " min left";
    if (d.toDays() < 2) return d.toHours() + " h left";
    return d.toDays() + " d left";
  }

  /** The badge class of a status. */
  public String statusClass(int code) { return code >= 200 && code < 400 ? "ok" : code == 0 ? "muted" : "bad"; }

  public boolean isFiltered() { return !filter().isAll(); }

  public CapturedBody getRequestBody() { return requestBody; }
  public CapturedBody getAnswerBody() { return answerBody; }

  public int getFirst() { return captures.isEmpty() ? 0 : offset + 1; }
  public int getLast() { return offset + captures.size(); }
  public boolean isNewer() { return offset > 0; }
  public boolean isOlder() { return offset + captures.size() < total; }
  public int getNewerOffset() { return Math.max(0, offset - PAGE_SIZE); }
  public int getOlderOffset() { return offset + PAGE_SIZE; }

  public List<CaptureSwitches.Switch> getSwitches() { return switches; }
  public List<CaptureRecord> getCaptures() { return captures; }
  public long getTotal() { return total; }
  public CaptureRecord getOpen() { return open; }
  public boolean isConfirmingDeleteAll() { return confirmingDeleteAll; }
  public List<String> getRouteNames() { return routeNames; }
  public List<String> getKeyNames() { return keyNames; }
  public int getMaxBytes() { return services.captures().maxBytes(); }
  public int getRetentionDays() { return services.captures().retentionDays(); }
  public int getMaxMinutes() { return CaptureSwitches.MAX_MINUTES; }

  public String getRoute() { return route; }
  public void setRoute(String route) { this.route = route; }
  public String getKey() { return key; }
  public void setKey(String key) { this.key = key; }
  public String getStatus() { return status; }
  public void setStatus(String status) { this.status = status; }
  public String getId() { return id; }
  public void setId(String id) { this.id = id; }
  public int getOffset() { return offset; }
  public void setOffset(int offset) { this.offset = offset; }
  public String getKind() { return kind; }
  public void setKind(String kind) { this.kind = kind; }
  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getMinutes() { return minutes; }
  public void setMinutes(String minutes) { this.minutes = minutes; }
}
