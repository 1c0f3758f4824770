package org.airouter.routing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.airouter.provider.ProviderKind;
import org.airouter.validation.Problem;
import org.airouter.validation.Sizes;

/**
 * One upstream of a route, as an operator writes it. {@code apiKey} null keeps the stored key of the target with the
 * same name; so does {@code headers} null (header values may be secrets, write-only like the key).
 *
 * @param priority lower is preferred; targets of one priority share the traffic by {@code weight}
 * @param weight   at least 1
 * @param timeouts null fields: the route's, then the global default
 */
public record TargetSpec(String name, ProviderKind provider, String baseUrl, String apiKey, String upstreamModel,
                         String apiVersion, Map<String, String> deployments, Map<String, String> headers,
                         Map<String, String> query, int priority, int weight, boolean enabled, Timeouts timeouts) {
  /** The name of the one target a route written the old way (upstream fields on the route itself) has. */
  public static final String IMPLICIT_NAME = "primary";
  public static final int MAX_WEIGHT = 1_000_000;
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  /** Headers the HTTP client owns; a target may not set them. */
  private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding",
      "connection", "keep-alive", "upgrade", "te", "trailer", "expect", "content-type", "content-encoding");

  public TargetSpec {
    name = name == null ? null : name.trim();
    apiVersion = apiVersion == null || apiVersion.isBlank() ? null : apiVersion.trim();
    upstreamModel = upstreamModel == null || upstreamModel.isBlank() ? null : upstreamModel;
    deployments = deployments == null ? Map.of() : deployments;
    query = query == null ? Map.of() : query;
    timeouts = timeouts == null ? Timeouts.NONE : timeouts;
  }

  /** The one target of a route written the old way: priority 0, weight 1, enabled, global timeouts. */
  public static TargetSpec implicit(ProviderKind provider, String baseUrl, String apiKey, String upstreamModel,
                                    String apiVersion, Map<String, String> deployments, Map<String, String> headers,
                                    Map<String, String> query) {
    return new TargetSpec(IMPLICIT_NAME, provider, baseUrl, apiKey, upstreamModel, apiVersion, deployments, headers,
        query, 0, 1, true, Timeouts.NONE);
  }

  /** The same target with another key (null: keep the stored one). */
  public TargetSpec withApiKey(String key) {
    return new TargetSpec(name, provider, baseUrl, key, upstreamModel, apiVersion, deployments, headers, query,
        priority, weight, enabled, timeouts);
  }

  /** The header values stay out: they may hold secrets. */
  @Override public String toString() {
    return "TargetSpec[" + name + ", " + provider + ", " + baseUrl + ", apiKey " + (apiKey == null ? "kept" : "given")
        + ", upstreamModel " + upstreamModel + ", apiVersion " + apiVersion + ", deployments " + deployments
        + ", headers " + (headers == null ? "kept" : headers.keySet()) + ", query " + query + ", priority " + priority
        + ", weight " + weight + ", enabled " + enabled + ", timeouts " + timeouts.asMap() + "]";
  }

  /** Every reason this target cannot be stored, as "{@code prefix}field: reason". */
  List<Problem> problems(String prefix) {
    List<Problem> problems = new ArrayList<>();
    String namePrefix = prefix.isEmpty() ? "targets[0]." : prefix;   // never mistaken for the route's name
    if (name == null || name.isBlank()) problems.add(new Problem(namePrefix + "name", "must not be blank"));
    else if (name.length() > Sizes.NAME) problems.add(new Problem(namePrefix + "name", Sizes.atMost(Sizes.NAME)));
    if (provider == null) problems.add(new Problem(prefix + "provider", "unknown provider"));
    if (baseUrl == null || baseUrl.isBlank()) {
      problems.add(new Problem(prefix + "baseUrl", "must not be blank"));
    } else if (baseUrl.length() > Sizes.URL) {
      problems.add(new Problem(prefix + "baseUrl", Sizes.atMost(Sizes.URL)));
    } else {
      try {
        URI uri = URI.create(baseUrl.trim());
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
          problems.add(new Problem(prefix + "baseUrl", "must be an http or https URL"));
        }
      } catch (IllegalArgumentException e) {
        problems.add(new Problem(prefix + "baseUrl", "not a URL"));
      }
    }
    if (upstreamModel != null && upstreamModel.length() > Sizes.MODEL) {
      problems.add(new Problem(prefix + "upstreamModel", Sizes.atMost(Sizes.MODEL)));
    }
    if (apiVersion != null && provider != null && provider != ProviderKind.AZURE) {
      problems.add(new Problem(prefix + "apiVersion", "only for azure routes"));
    } else if (apiVersion != null && (apiVersion.length() > Sizes.TOKEN || !TOKEN.matcher(apiVersion).matches())) {
      problems.add(new Problem(prefix + "apiVersion", "at most 40 letters, digits, '-' or '.'"));
    }
    if (!deployments.isEmpty() && provider != null && provider != ProviderKind.AZURE) {
      problems.add(new Problem(prefix + "deployments", "only for azure routes"));
    }
    deployments.forEach((model, deployment) -> {
      if (model == null || model.isBlank() || deployment == null || deployment.isBlank()) {
        problems.add(new Problem(prefix + "deployments", "model and deployment names must not be blank"));
      }
    });
    if (headers != null) {
      headers.forEach((header, value) -> {
        if (header == null || !TOKEN.matcher(header).matches()) {
          problems.add(new Problem(prefix + "headers", "'" + header + "' is not a header name"));
        } else if (RESERVED_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
          problems.add(new Problem(prefix + "headers", header + " is set by the router"));
        } else if (value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
          // never echo the value
          problems.add(new Problem(prefix + "headers", "the value of " + header + " must be one line"));
        }
      });
    }
    query.forEach((param, value) -> {
      if (param == null || param.isBlank()) {
        problems.add(new Problem(prefix + "query", "parameter names must not be blank"));
      }
      else if (value == null) problems.add(new Problem(prefix + "query", param + " needs a value"));
    });
    // The column sizes of V4/V9 (headers are stored sealed: base64 of the ciphertext, about 4/3 of the JSON and a bit).
    if (StringMaps.toJson(deployments).length() > 2000) {
      problems.add(new Problem(prefix + "deployments", "at most 2000 characters as JSON"));
    }
    if (headers != null && StringMaps.toJson(headers).length() > 2800) {
      problems.add(new Problem(prefix + "headers", "at most 2800 characters as JSON"));
    }
    if (StringMaps.toJson(query).length() > 1000) {
      problems.add(new Problem(prefix + "query", "at most 1000 characters as JSON"));
    }
    if (priority < -1_000_000 || priority > 1_000_000) {
      problems.add(new Problem(prefix + "priority", "between -1000000 and 1000000"));
    }
    if (weight < 1 || weight > MAX_WEIGHT) problems.add(new Problem(prefix + "weight", "between 1 and " + MAX_WEIGHT));
    problems.addAll(timeouts.problems(namePrefix + "timeouts"));   // the route has timeouts too
    return problems;
  }
}
