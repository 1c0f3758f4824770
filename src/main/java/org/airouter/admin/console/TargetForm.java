package org.airouter.admin.console;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.airouter.provider.ProviderKind;
import org.airouter.routing.TargetSpec;
import org.airouter.routing.Target;
import org.airouter.routing.Timeouts;
import org.airouter.validation.Problem;

/**
 * One target's fields on the route form. The provider key and the extra headers are write-only: blank keeps the
 * stored ones (of the target with the same name), and the form only knows a hint of the key and whether headers exist.
 */
public class TargetForm implements Serializable {
  private static final long serialVersionUID = 1L;

  private String name;
  private String provider = ProviderKind.OPENAI.id();
  private String baseUrl;
  private String apiKey;
  private String upstreamModel;
  private String apiVersion;
  private String deployments;       // "model = deployment" lines
  private String query;             // "name = value" lines
  private String headers;           // "Name: value" lines; write-only
  private boolean clearHeaders;
  private boolean hasHeaders;       // whether the stored target has any: all the page may know of them
  private String keyHint;           // the stored key as RouteService.keyHint shows it, or null
  private int priority;
  private int weight = 1;
  private boolean enabled = true;
  private String timeouts;          // "connectMs = 2000" lines

  static TargetForm named(String name) {
    TargetForm form = new TargetForm();
    form.name = name;
    return form;
  }

  static TargetForm of(Target target, String keyHint) {
    TargetForm form = new TargetForm();
    form.name = target.name();
    form.provider = target.provider().id();
    form.baseUrl = target.baseUrl();
    form.upstreamModel = target.upstreamModel();
    form.apiVersion = target.apiVersion();
    form.deployments = KeyValueLines.format(target.deployments(), " = ");
    form.query = KeyValueLines.format(target.query(), " = ");
    form.hasHeaders = target.sealedHeaders() != null;
    form.keyHint = keyHint;
    form.priority = target.priority();
    form.weight = target.weight();
    form.enabled = target.enabled();
    form.timeouts = formatTimeouts(target.timeouts());
    return form;
  }

  /** @param prefix how problems name this target's fields: "" for a route's only target, else "targets[i]." */
  TargetSpec toSpec(String prefix, List<Problem> problems) {
    Map<String, String> deploymentMap = KeyValueLines.parse(deployments, '=', prefix + "deployments", problems);
    Map<String, String> queryMap = KeyValueLines.parse(query, '=', prefix + "query", problems);
    // New lines replace every stored header; none typed keeps them, unless the operator asked to remove them.
    Map<String, String> headerMap = headers != null && !headers.isBlank()
        ? KeyValueLines.parse(headers, ':', prefix + "headers", problems) : clearHeaders ? Map.of() : null;
    return new TargetSpec(trim(name), ProviderKind.byId(provider).orElse(null), trim(baseUrl), blankToNull(apiKey),
        blankToNull(upstreamModel), blankToNull(apiVersion), deploymentMap, headerMap, queryMap, priority, weight,
        enabled, parseTimeouts(timeouts, (prefix.isEmpty() ? "targets[0]." : prefix) + "timeouts", problems));
  }

  static String formatTimeouts(Timeouts timeouts) {
    Map<String, String> lines = new LinkedHashMap<>();
    timeouts.asMap().forEach((k, v) -> lines.put(k, String.valueOf(v)));
    return KeyValueLines.format(lines, " = ");
  }

  static Timeouts parseTimeouts(String text, String field, List<Problem> problems) {
    Map<String, Integer> map = new LinkedHashMap<>();
    KeyValueLines.parse(text, '=', field, problems).forEach((name, value) -> {
      if (!Timeouts.FIELDS.contains(name)) {
        problems.add(new Problem(field, name + " is not one of " + String.join(", ", Timeouts.FIELDS)));
        return;
      }
      try {
        map.put(name, Integer.parseInt(value.trim()));
      } catch (NumberFormatException e) {
        problems.add(new Problem(field, name + " must be a whole number of milliseconds"));
      }
    });
    return Timeouts.of(map);
  }

  private static String trim(String s) { return s == null ? null : s.trim(); }

  private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s.trim(); }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getProvider() { return provider; }
  public void setProvider(String provider) { this.provider = provider; }
  public String getBaseUrl() { return baseUrl; }
  public void setBaseUrl(String baseUrl) { this.baseUrl = baseUrl; }
  public String getApiKey() { return null; }   // write-only
  /**
   * A typed key is held until Save; since the field is never rendered back, every other postback (adding, moving or
   * removing a target) submits it blank, and blank must not drop what was typed.
   */
  public void setApiKey(String apiKey) { if (apiKey != null && !apiKey.isBlank()) this.apiKey = apiKey; }
  public boolean isKeyTyped() { return apiKey != null; }
  public String getUpstreamModel() { return upstreamModel; }
  public void setUpstreamModel(String upstreamModel) { this.upstreamModel = upstreamModel; }
  public String getApiVersion() { return apiVersion; }
  public void setApiVersion(String apiVersion) { this.apiVersion = apiVersion; }
  public String getDeployments() { return deployments; }
  public void setDeployments(String deployments) { this.deployments = deployments; }
  public String getQuery() { return query; }
  public void setQuery(String query) { this.query = query; }
  public String getHeaders() { return null; }   // write-only
  /** As for the key: blank keeps lines typed on an earlier postback. */
  public void setHeaders(String headers) { if (headers != null && !headers.isBlank()) this.headers = headers; }
  public boolean isHeadersTyped() { return headers != null; }
  public boolean isClearHeaders() { return clearHeaders; }
  public void setClearHeaders(boolean clearHeaders) { this.clearHeaders = clearHeaders; }
  public boolean isHasHeaders() { return hasHeaders; }
  public String getKeyHint() { return keyHint; }
  public int getPriority() { return priority; }
  public void setPriority(int priority) { this.priority = priority; }
  public int getWeight() { return weight; }
  public void setWeight(int weight) { this.weight = weight; }
  public boolean isEnabled() { return enabled; }
  public void setEnabled(boolean enabled) { this.enabled = enabled; }
  public String getTimeouts() { return timeouts; }
  public void setTimeouts(String timeouts) { this.timeouts = timeouts; }
}
