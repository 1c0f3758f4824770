package org.airouter.routing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.airouter.provider.ProviderKind;

/**
 * What an operator says a route is, in the names of the config file and the admin API. {@code apiKey} null means
 * "keep the stored key"; so does {@code headers} null (header values may be secrets, so they are write-only too).
 *
 * @param apiVersion  Azure's {@code api-version}; null for the default ({@value
 *                    org.airouter.provider.azure.AzureOpenAiProvider#DEFAULT_API_VERSION})
 * @param deployments Azure: model → deployment name; never null
 * @param headers     extra upstream headers, or null to keep the stored ones
 * @param query       extra upstream query parameters; never null
 */
public record RouteSpec(String name, MatchKind match, String pattern, ProviderKind provider, String baseUrl,
                        String apiKey, String upstreamModel, boolean isDefault, boolean enabled, String apiVersion,
                        Map<String, String> deployments, Map<String, String> headers, Map<String, String> query) {
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  /** Headers the HTTP client owns; a route may not set them. */
  private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding",
      "connection", "keep-alive", "upgrade", "te", "trailer", "expect", "content-type", "content-encoding");

  public RouteSpec {
    apiVersion = apiVersion == null || apiVersion.isBlank() ? null : apiVersion.trim();
    deployments = deployments == null ? Map.of() : deployments;
    query = query == null ? Map.of() : query;
  }

  /** A route with no provider-specific fields (and, as for the key, the stored headers kept). */
  public RouteSpec(String name, MatchKind match, String pattern, ProviderKind provider, String baseUrl,
                   String apiKey, String upstreamModel, boolean isDefault, boolean enabled) {
    this(name, match, pattern, provider, baseUrl, apiKey, upstreamModel, isDefault, enabled, null, Map.of(), null,
        Map.of());
  }

  /** The header values stay out: they may hold secrets. */
  @Override public String toString() {
    return "RouteSpec[" + name + ", " + match + " " + pattern + ", " + provider + ", " + baseUrl + ", apiKey "
        + (apiKey == null ? "kept" : "given") + ", upstreamModel " + upstreamModel + ", default " + isDefault
        + ", enabled " + enabled + ", apiVersion " + apiVersion + ", deployments " + deployments + ", headers "
        + (headers == null ? "kept" : headers.keySet()) + ", query " + query + "]";
  }

  /** Every reason this spec cannot be stored, as "field: reason". */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (name == null || name.isBlank()) problems.add("name: must not be blank");
    else if (name.length() > 100) problems.add("name: at most 100 characters");
    if (match == null) problems.add("match: must be exact, glob or keyword");
    if (pattern == null || pattern.isBlank()) problems.add("pattern: must not be blank");
    else if (pattern.length() > 200) problems.add("pattern: at most 200 characters");
    if (provider == null) problems.add("provider: unknown provider");
    if (baseUrl == null || baseUrl.isBlank()) {
      problems.add("baseUrl: must not be blank");
    } else {
      try {
        URI uri = URI.create(baseUrl.trim());
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
          problems.add("baseUrl: must be an http or https URL");
        }
      } catch (IllegalArgumentException e) {
        problems.add("baseUrl: not a URL");
      }
    }
    if (upstreamModel != null && upstreamModel.length() > 200) problems.add("upstreamModel: at most 200 characters");
    if (apiVersion != null && provider != null && provider != ProviderKind.AZURE) {
      problems.add("apiVersion: only for azure routes");
    } else if (apiVersion != null && (apiVersion.length() > 40 || !TOKEN.matcher(apiVersion).matches())) {
      problems.add("apiVersion: at most 40 letters, digits, '-' or '.'");
    }
    if (!deployments.isEmpty() && provider != null && provider != ProviderKind.AZURE) {
      problems.add("deployments: only for azure routes");
    }
    deployments.forEach((model, deployment) -> {
      if (model == null || model.isBlank() || deployment == null || deployment.isBlank()) {
        problems.add("deployments: model and deployment names must not be blank");
      }
    });
    if (headers != null) {
      headers.forEach((header, value) -> {
        if (header == null || !TOKEN.matcher(header).matches()) {
          problems.add("headers: '" + header + "' is not a header name");
        } else if (RESERVED_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
          problems.add("headers: " + header + " is set by the router");
        } else if (value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
          problems.add("headers: the value of " + header + " must be one line");   // never echo the value itself
        }
      });
    }
    query.forEach((param, value) -> {
      if (param == null || param.isBlank()) problems.add("query: parameter names must not be blank");
      else if (value == null) problems.add("query: " + param + " needs a value");
    });
    // The column sizes of V4 (headers are stored sealed: base64 of the ciphertext, about 4/3 of the JSON and a bit).
    if (StringMaps.toJson(deployments).length() > 2000) problems.add("deployments: at most 2000 characters as JSON");
    if (headers != null && StringMaps.toJson(headers).length() > 2800) problems.add("headers: at most 2800 characters as JSON");
    if (StringMaps.toJson(query).length() > 1000) problems.add("query: at most 1000 characters as JSON");
    return problems;
  }
}
