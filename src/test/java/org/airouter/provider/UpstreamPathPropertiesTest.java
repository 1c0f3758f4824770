package org.airouter.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The path rules against a reference reading (java.net.URI and URLDecoder): for generated request targets, the router
 * either refuses, or the upstream address it builds stays below the route's base path, holds no dot segment, has no
 * fragment, carries the route's forced parameters once and unchanged, and ends in the very path the reference read.
 */
class UpstreamPathPropertiesTest {
  private static final String SEGMENT_CHARS = "abcxyzABCXYZ0189-._~:@!$&'()*+,=";

  /** A route, the path its upstream addresses must start with, and the parameters it forces. */
  record RouteCase(Upstream upstream, String basePath, Map<String, String> forced) {
    @Override public String toString() { return upstream.kind() + " " + upstream.baseUrl(); }
  }

  // ---- properties ------------------------------------------------------------------------------------------------

  @Property(tries = 1000)
  void theUpstreamReadsThePathTheRouterReadOrTheRouterRefuses(@ForAll("targets") String target,
      @ForAll("routes") RouteCase route, @ForAll("models") String model) {
    int q = target.indexOf('?');
    String rawPath = q < 0 ? target : target.substring(0, q);
    String rawQuery = q < 0 ? null : target.substring(q + 1);
    URI uri;
    try {
      String canonical = UpstreamPath.fromRaw(rawPath);
      if (!canonical.startsWith("/v1/")) {   // the servlet is not mapped there: not a /v1 call
        Statistics.collect("not /v1");
        return;
      }
      uri = Providers.of(route.upstream().kind()).target(route.upstream(), canonical.substring(3), rawQuery, model);
    } catch (InvalidTarget refused) {
      assertEquals(400, refused.error().status());
      Statistics.collect("refused");
      return;
    }
    Statistics.collect("sent");
    Statistics.coverage(c -> {   // both outcomes are common, so neither half of the property holds vacuously
      c.check("sent").percentage(p -> p > 10);
      c.check("refused").percentage(p -> p > 10);
    });

    URI base = URI.create(route.upstream().baseUrl());
    assertEquals(base.getScheme(), uri.getScheme(), uri::toString);
    assertEquals(base.getRawAuthority(), uri.getRawAuthority(), uri::toString);
    assertNull(uri.getRawFragment(), uri::toString);
    String path = uri.getPath();
    assertEquals(path, uri.normalize().getPath(), () -> "dot segments in " + uri);
    for (String segment : path.substring(1).split("/", -1)) {
      assertFalse(segment.isEmpty() || segment.chars().allMatch(c -> c == '.'), () -> "segment '" + segment + "' in " + uri);
    }
    assertTrue(path.startsWith(route.basePath()), () -> uri + " is not below " + route.basePath());
    String reference = referencePath(rawPath);
    assertNotNull(reference, () -> "the router sent " + uri + " for " + rawPath + ", which the reference cannot read");
    assertTrue(path.endsWith(reference.substring(3)), () -> uri + " does not end in " + reference.substring(3));
    assertEquals(uri.getRawPath(), path, () -> "an escape left in " + uri);   // canonical: nothing to decode

    String deployments = "/openai/deployments/";
    if (path.startsWith(deployments)) {   // the deployment is one segment, the one the route names for the model
      String v1Path = reference.substring(3);
      assertEquals(route.upstream().deploymentFor(model),
          path.substring(deployments.length(), path.length() - v1Path.length()), uri::toString);
    }

    Map<String, List<String>> params = referenceQuery(uri.getRawQuery());
    route.forced().forEach((name, value) ->
        assertEquals(List.of(value), params.get(name.toLowerCase(Locale.ROOT)), () -> name + " in " + uri));
  }

  /** The hand-written one-pass decoder accepts exactly the paths the reference decodes to allowed segments. */
  @Property(tries = 1000)
  void theRouterAcceptsExactlyWhatTheReferenceReadsAsSafeSegments(@ForAll("paths") String rawPath) {
    String reference = referencePath(rawPath);
    String router;
    try {
      router = UpstreamPath.fromRaw(rawPath);
    } catch (InvalidTarget refused) {
      router = null;
    }
    Statistics.collect(router == null ? "refused" : "accepted");
    assertEquals(reference, router, rawPath);
  }

  // ---- the reference reading -------------------------------------------------------------------------------------

  /**
   * The path as java.net.URI splits it and URLDecoder decodes each segment, or null when either fails or a segment
   * is empty, only dots, or holds a character outside the allowed set.
   */
  static String referencePath(String rawPath) {
    URI uri;
    try {
      uri = new URI("http://client.example" + rawPath);
    } catch (URISyntaxException e) {
      return null;
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null || !rawPath.equals(uri.getRawPath())) return null;
    StringBuilder path = new StringBuilder();
    for (String raw : rawPath.substring(1).split("/", -1)) {
      String segment;
      try {
        segment = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException broken) {
        return null;
      }
      if (segment.isEmpty() || segment.chars().allMatch(c -> c == '.')) return null;
      if (!segment.chars().allMatch(c -> SEGMENT_CHARS.indexOf(c) >= 0 || Character.isLetterOrDigit(c) && c < 128)) {
        return null;
      }
      path.append('/').append(segment);
    }
    return path.toString();
  }

  /** Parameters by lower-cased decoded name, splitting on '&' and on ';' as lenient servers do. */
  static Map<String, List<String>> referenceQuery(String rawQuery) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (rawQuery == null) return params;
    for (String part : rawQuery.split("[&;]")) {
      if (part.isEmpty()) continue;
      int eq = part.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
      params.computeIfAbsent(name.strip().toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(value);
    }
    return params;
  }

  // ---- generators ------------------------------------------------------------------------------------------------

  @Provide Arbitrary<RouteCase> routes() {
    return Arbitraries.of(
        new RouteCase(new Upstream("relay", ProviderKind.OPENAI, "https://relay.example.com/api/v1", "k", null,
            Map.of(), Map.of(), Map.of("trace", "on")), "/api/v1/", Map.of("trace", "on")),
        new RouteCase(new Upstream("azure", ProviderKind.AZURE, "https://res.openai.azure.com", "k", null,
            Map.of("gpt-4o", "prod-4o"), Map.of(), Map.of("team", "a b")), "/openai/",
            Map.of("team", "a b", "api-version", "2024-10-21")),
        new RouteCase(new Upstream("azure-v1", ProviderKind.AZURE, "https://res.openai.azure.com/openai/v1", "k",
            "preview", Map.of(), Map.of(), Map.of()), "/openai/v1/", Map.of("api-version", "preview")),
        new RouteCase(new Upstream("gemini", ProviderKind.GEMINI, "https://g.example.com/v1beta/openai", "k"),
            "/v1beta/openai/", Map.of()),
        new RouteCase(new Upstream("claude", ProviderKind.ANTHROPIC, "https://a.example.com", "k", null, Map.of(),
            Map.of(), Map.of("x", "1")), "/v1/", Map.of("x", "1")),
        new RouteCase(new Upstream("cf", ProviderKind.CLOUDFLARE, "https://cf.example.com/client/v4/accounts/a/ai",
            "k"), "/client/v4/accounts/a/ai/v1/", Map.of()));
  }

  @Provide Arbitrary<String> models() {
    return Arbitraries.oneOf(
        Arbitraries.of("gpt-4o", "gpt-4o-mini", "prod.v2", "..", ".", "...", "a/b", "../../admin", "x?api-version=1",
            "x#y", "%2e%2e", "m m", "a\\b", "caf\u00e9", "d".repeat(65)),
        Arbitraries.strings().withChars("ab.-_/%?#\\ ").ofMinLength(1).ofMaxLength(8));
  }

  @Provide Arbitrary<String> paths() {
    Arbitrary<String> first = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, Arbitraries.just("v1")),
        net.jqwik.api.Tuple.of(1, Arbitraries.of("%761", "v%31", "V1", "", ".", "v1;x")));
    Arbitrary<List<String>> rest = segment().list().ofMinSize(1).ofMaxSize(5);
    Arbitrary<String> trailing = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(9, Arbitraries.just("")), net.jqwik.api.Tuple.of(1, Arbitraries.just("/")));
    return Combinators.combine(first, rest, trailing)
        .as((f, segments, end) -> "/" + f + "/" + String.join("/", segments) + end);
  }

  @Provide Arbitrary<String> targets() {
    Arbitrary<String> query = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(2, Arbitraries.just("")),
        net.jqwik.api.Tuple.of(3, queryPart().list().ofMinSize(1).ofMaxSize(4)
            .map(parts -> "?" + String.join("&", parts))));
    Arbitrary<String> path = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, paths()),
        net.jqwik.api.Tuple.of(1, Arbitraries.of("/v1/chat/completions", "/v1/embeddings", "/v1/responses",
            "/v1/files/file-1/content")));
    return Combinators.combine(path, query).as((p, qs) -> p + qs);
  }

  private static Arbitrary<String> segment() {
    Arbitrary<String> safe = Arbitraries.strings().withChars(SEGMENT_CHARS).ofMinLength(1).ofMaxLength(6);
    Arbitrary<String> escape = Arbitraries.of("%2F", "%2f", "%3F", "%3f", "%23", "%2E", "%2e", "%25", "%5C", "%5c",
        "%3B", "%20", "%00", "%0A", "%41", "%7E", "%3A", "%C3%A9", "%C3%28", "%FF", "%252e", "%252F", "%zz", "%2", "%");
    Arbitrary<String> raw = Arbitraries.of(";", ";a=b", "\\", ".", "..", "\u00e9", " ", "#", "//", "<", "\"");
    Arbitrary<String> token = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(12, safe),
        net.jqwik.api.Tuple.of(2, escape), net.jqwik.api.Tuple.of(1, raw));
    Arbitrary<String> dots = Arbitraries.of(".", "..", "...", "%2e", "%2E%2e", ".%2e", "%2e.", "");
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(10, token.list().ofMinSize(1).ofMaxSize(3).map(t -> String.join("", t))),
        net.jqwik.api.Tuple.of(1, dots));
  }

  private static Arbitrary<String> queryPart() {
    Arbitrary<String> name = Arbitraries.of("trace", "TRACE", "tr%61ce", "+trace", "trace%20", "api-version",
        "API-Version", "api%2Dversion", "team", "x", "X", "limit", "after");
    Arbitrary<String> value = Arbitraries.oneOf(
        Arbitraries.of("off", "1", "%23frag", "#frag", "a;trace=off", "%26trace=off", "%3B", "%zz", "a b", "%",
            "2020-01-01", "x?y/z"),
        Arbitraries.strings().withChars("abc019-._~").ofMaxLength(5));
    return Combinators.combine(name, value).as((n, v) -> n + "=" + v);
  }
}
