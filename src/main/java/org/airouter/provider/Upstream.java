package org.airouter.provider;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.net.URI;
import java.net.URLDecoder;

/**
 * Where one route sends its calls, with the provider key (and any extra headers, which may hold secrets too) already
 * opened. Lives only in the in-memory route snapshot, never in a response or a log line: {@link #toString()} leaves
 * the key and the header values out.
 *
 * @param baseUrl     as configured, without trailing slashes; each provider reads it its own way
 * @param apiVersion  Azure's {@code api-version}, or null for the provider's default
 * @param deployments Azure: model name → deployment name; a model not listed is its own deployment
 * @param headers     extra request headers, set after authentication (so they may replace it)
 * @param query       extra query parameters, added to every call
 */
public record Upstream(String routeName, ProviderKind kind, String baseUrl, String apiKey, String apiVersion,
                       Map<String, String> deployments, Map<String, String> headers, Map<String, String> query) {

  public Upstream {
    baseUrl = trimSlashes(baseUrl);
    apiVersion = apiVersion == null || apiVersion.isBlank() ? null : apiVersion.trim();
    deployments = frozen(deployments);
    headers = frozen(headers);
    query = frozen(query);
  }

  /** An upstream with no provider-specific fields. */
  public Upstream(String routeName, ProviderKind kind, String baseUrl, String apiKey) {
    this(routeName, kind, baseUrl, apiKey, null, Map.of(), Map.of(), Map.of());
  }

  /**
   * The base URL without a trailing slash or {@code /v1}, so that "https://host" and "https://host/v1" both lead to
   * "https://host/v1/…" and never to "/v1/v1". OpenAI's rule; other providers read the base URL their own way.
   */
  public static String normalizeBaseUrl(String baseUrl) {
    String url = trimSlashes(baseUrl);
    if (url.endsWith("/v1")) url = url.substring(0, url.length() - 3);
    return url;
  }

  /** The deployment that serves a model (Azure). */
  public String deploymentFor(String model) {
    String mapped = model == null ? null : deployments.get(model);
    return mapped != null ? mapped : model;
  }

  /**
   * The address of {@code v1Path} under this base URL's {@code /v1}, whether or not the base ends in it: the OpenAI
   * layout, which Anthropic and Cloudflare share.
   */
  public URI underV1(String v1Path, String clientQuery) {
    return uri(normalizeBaseUrl(baseUrl()) + "/v1", v1Path, clientQuery, Map.of());
  }

  /**
   * The address of an upstream call: the provider's prefix (from this route's base URL), the client's path below
   * {@code /v1} checked once more ({@link UpstreamPath#checked}), then the query of {@link #queryWith}.
   *
   * @throws InvalidTarget when the path or the client's query breaks a rule (400)
   */
  public URI uri(String prefix, String v1Path, String clientQuery, Map<String, String> providerParams) {
    return URI.create(prefix + UpstreamPath.checked(v1Path) + querySuffix(clientQuery, providerParams));
  }

  /**
   * The query string of an upstream call: the client's parameters, then the route's, then the provider's own; null
   * when empty. A client parameter named like a route or provider one (in any case or encoding) is dropped, so the
   * upstream sees the route's value once and only that.
   *
   * @throws InvalidTarget when a client parameter holds a character that must be encoded, ';' or a broken escape
   */
  public String queryWith(String clientQuery, Map<String, String> providerParams) {
    List<String> parts = new ArrayList<>();
    if (clientQuery != null && !clientQuery.isEmpty()) {
      for (String part : clientQuery.split("&")) {
        if (part.isEmpty()) continue;
        UpstreamPath.checkQueryPart(part);
        String name = decode(part.contains("=") ? part.substring(0, part.indexOf('=')) : part).strip();
        if (!namedIn(query, name) && !namedIn(providerParams, name)) parts.add(part);
      }
    }
    query.forEach((name, value) -> {
      if (!providerParams.containsKey(name)) parts.add(encode(name) + "=" + encode(value));
    });
    providerParams.forEach((name, value) -> parts.add(encode(name) + "=" + encode(value)));
    return parts.isEmpty() ? null : String.join("&", parts);
  }

  private static boolean namedIn(Map<String, String> params, String name) {
    for (String forced : params.keySet()) if (forced.equalsIgnoreCase(name)) return true;
    return false;
  }

  /** "?query", or "" when there is none. */
  public String querySuffix(String clientQuery, Map<String, String> providerParams) {
    String q = queryWith(clientQuery, providerParams);
    return q == null ? "" : "?" + q;
  }

  private static String trimSlashes(String url) {
    String s = url == null ? "" : url.trim();
    while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
    return s;
  }

  private static Map<String, String> frozen(Map<String, String> map) {
    return map == null || map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  private static String encode(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"); }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return s;
    }
  }

  @Override public String toString() {
    return "Upstream[" + routeName + ", " + kind.id() + ", " + baseUrl
        + (headers.isEmpty() ? "" : ", headers " + headers.keySet()) + "]";
  }
}
