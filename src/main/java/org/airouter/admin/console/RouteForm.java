package org.airouter.admin.console;

import java.io.Serializable;
import org.airouter.provider.ProviderKind;
import org.airouter.routing.MatchKind;
import org.airouter.routing.Route;
import org.airouter.routing.RouteSpec;

/** The route form's fields. The entity never reaches the page; the provider key is write-only (blank keeps it). */
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
    return form;
  }

  RouteSpec toSpec() {
    return new RouteSpec(trim(name), MatchKind.byId(match).orElse(null), trim(pattern),
        ProviderKind.byId(provider).orElse(null), trim(baseUrl), blankToNull(apiKey), blankToNull(upstreamModel),
        isDefault, enabled);
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
}
