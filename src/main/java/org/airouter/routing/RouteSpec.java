package org.airouter.routing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.airouter.provider.ProviderKind;

/**
 * What an operator says a route is, in the names of the config file and the admin API. {@code apiKey} null means
 * "keep the stored key".
 */
public record RouteSpec(String name, MatchKind match, String pattern, ProviderKind provider, String baseUrl,
                        String apiKey, String upstreamModel, boolean isDefault, boolean enabled) {

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
    return problems;
  }
}
