package org.airouter.admin.console;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import org.airouter.keys.ClientKeySpec;

/**
 * The new-key form: a name, an optional expiry day (end of that day, UTC), optional allowed models and optional
 * allowed endpoints (blank: the default reach).
 */
public class KeyForm implements Serializable {
  private static final long serialVersionUID = 1L;

  private String name;
  private String expires;          // yyyy-MM-dd from <input type="date">, or blank
  private String allowedModels;    // one per line or comma-separated; blank means every model
  private String allowedEndpoints; // endpoint names, comma- or space-separated; blank means the default reach

  /** @throws DateTimeParseException when the expiry is not a date */
  ClientKeySpec toSpec() {
    List<String> models = allowedModels == null ? List.of()
        : Arrays.stream(allowedModels.split("[,\\n]")).map(String::trim).filter(m -> !m.isEmpty()).toList();
    // Names never hold spaces, so spaces separate too; an empty list is the default reach (the spec says so).
    List<String> endpoints = allowedEndpoints == null ? null : Arrays.asList(allowedEndpoints.split("[,\\s]+"));
    var expiresAt = expires == null || expires.isBlank() ? null
        : LocalDate.parse(expires.trim()).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    return new ClientKeySpec(name == null ? null : name.trim(), models, endpoints, expiresAt, true);
  }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getExpires() { return expires; }
  public void setExpires(String expires) { this.expires = expires; }
  public String getAllowedModels() { return allowedModels; }
  public void setAllowedModels(String allowedModels) { this.allowedModels = allowedModels; }
  public String getAllowedEndpoints() { return allowedEndpoints; }
  public void setAllowedEndpoints(String allowedEndpoints) { this.allowedEndpoints = allowedEndpoints; }
}
