package org.airouter.admin.console;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.airouter.provider.ProviderKind;
import org.airouter.routing.MatchKind;
import org.airouter.routing.Route;
import org.airouter.routing.RouteService;
import org.airouter.routing.RouteSpec;

/**
 * The route form's fields, every one the admin API and the config file have. The entity never reaches the page.
 * The provider key and the extra headers are write-only (a header may carry a credential): blank keeps the stored
 * ones, and the page only says whether headers are stored.
 */
public class RouteForm implements Serializable {
  private static final long serialVersionUID = 1L;

  private String name;
  private String match = MatchKind.EXACT.id();
  private String pattern;
  private String provider = ProviderKind.OPENAI.id();
  private String baseUrl;
  private String apiKey;
  private String upstreamModel;
  private boolean isDefault;
  private boolean enabled = true;
  private String apiVersion;
  private String deployments;       // "model = deployment" lines
  private String query;             // "name = value" lines
  private String headers;           // "Name: value" lines; write-only
  private boolean clearHeaders;
  private boolean hasHeaders;       // whether the stored route has any: all the page may know of them

  static RouteForm of(Route route) {
    RouteForm form = new RouteForm();
    form.name = route.name();
    form.match = route.matchKind().id();
    form.pattern = route.pattern();
    form.provider = route.provider().id();
    form.baseUrl = route.baseUrl();
    form.upstreamModel = route.upstreamModel();
    form.isDefault = route.isDefault();
    form.enabled = route.enabled();
    form.apiVersion = route.apiVersion();
    form.deployments = KeyValueLines.format(route.deployments(), " = ");
    form.query = KeyValueLines.format(route.query(), " = ");
    form.hasHeaders = route.sealedHeaders() != null;
    return form;
  }

  /** @throws RouteService.InvalidRoute when a map's lines cannot be read, naming the field and the line */
  RouteSpec toSpec() {
    List<String> problems = new ArrayList<>();
    Map<String, String> deploymentMap = KeyValueLines.parse(deployments, '=', "deployments", problems);
    Map<String, String> queryMap = KeyValueLines.parse(query, '=', "query", problems);
    // New lines replace every stored header; none typed keeps them, unless the operator asked to remove them.
    Map<String, String> headerMap = headers != null && !headers.isBlank()
        ? KeyValueLines.parse(headers, ':', "headers", problems) : clearHeaders ? Map.of() : null;
    RouteSpec spec = new RouteSpec(trim(name), MatchKind.byId(match).orElse(null), trim(pattern),
        ProviderKind.byId(provider).orElse(null), trim(baseUrl), blankToNull(apiKey), blankToNull(upstreamModel),
        isDefault, enabled, blankToNull(apiVersion), deploymentMap, headerMap, queryMap);
    if (!problems.isEmpty()) {
      problems.addAll(spec.problems());   // every field's error at once, not the lines first and the rest next time
      throw new RouteService.InvalidRoute(problems);
    }
    return spec;
  }

  private static String trim(String s) { return s == null ? null : s.trim(); }

  private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s.trim(); }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getMatch() { return match; }
  public void setMatch(String match) { this.match = match; }
  public String getPattern() { return pattern; }
  public void setPattern(String pattern) { this.pattern = pattern; }
  public String getProvider() { return provider; }
  public void setProvider(String provider) { this.provider = provider; }
  public String getBaseUrl() { return baseUrl; }
  public void setBaseUrl(String baseUrl) { this.baseUrl = baseUrl; }
  public String getApiKey() { return null; }   // write-only
  public void setApiKey(String apiKey) { this.apiKey = apiKey; }
  public String getUpstreamModel() { return upstreamModel; }
  public void setUpstreamModel(String upstreamModel) { this.upstreamModel = upstreamModel; }
  public boolean isDefault() { return isDefault; }
  public boolean getIsDefault() { return isDefault; }
  public void setIsDefault(boolean isDefault) { this.isDefault = isDefault; }
  public boolean isEnabled() { return enabled; }
  public void setEnabled(boolean enabled) { this.enabled = enabled; }
  public String getApiVersion() { return apiVersion; }
  public void setApiVersion(String apiVersion) { this.apiVersion = apiVersion; }
  public String getDeployments() { return deployments; }
  public void setDeployments(String deployments) { this.deployments = deployments; }
  public String getQuery() { return query; }
  public void setQuery(String query) { this.query = query; }
  public String getHeaders() { return null; }   // write-only
  public void setHeaders(String headers) { this.headers = headers; }
  public boolean isClearHeaders() { return clearHeaders; }
  public void setClearHeaders(boolean clearHeaders) { this.clearHeaders = clearHeaders; }
  public boolean isHasHeaders() { return hasHeaders; }
}
