package org.airouter.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.airouter.provider.ProviderKind;
import org.airouter.provider.Providers;
import org.airouter.provider.Upstream;
import org.airouter.secrets.SecretBox;
import org.airouter.testing.Entities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouteTableTest {
  private static final SecretBox BOX = new SecretBox("k1", Map.of("k1", new byte[32]));

  private final List<Route> routes = new ArrayList<>();

  /** Routes get ids and sort orders in the order they are added, as the service would give them. */
  private Route add(String name, MatchKind match, String pattern, boolean isDefault, boolean enabled,
                    String upstreamModel) {
    int order = routes.size();
    Route route = Entities.withId(new Route(name, order), 100 + order);
    apply(route, new RouteSpec(name, match, pattern, ProviderKind.OPENAI, "https://" + name + ".example.com/v1",
        "sk-" + name, upstreamModel, isDefault, enabled), BOX.seal("sk-" + name));
    routes.add(route);
    return route;
  }

  /** As RouteService writes a route: its own fields, then each target with the sealed key given. */
  static void apply(Route route, RouteSpec spec, String sealedKey) {
    route.apply(spec);
    for (int i = 0; i < spec.targets().size(); i++) {
      Target target = new Target(route, spec.targets().get(i).name());
      target.apply(spec.targets().get(i), i, sealedKey, null);
      route.targetsForUpdate().add(target);
    }
  }

  private Route add(String name, MatchKind match, String pattern) { return add(name, match, pattern, false, true, null); }

  private String routeFor(String model) {
    return RouteTable.of(routes, BOX).route(model).map(ActiveRoute::name).orElse(null);
  }

  @Test
  void exactBeatsGlobBeatsKeywordWhateverTheOrder() {
    add("keyword", MatchKind.KEYWORD, "gpt");
    add("glob", MatchKind.GLOB, "gpt-4*");
    add("exact", MatchKind.EXACT, "gpt-4o");
    assertEquals("exact", routeFor("gpt-4o"));
    assertEquals("glob", routeFor("gpt-4o-mini"));
    assertEquals("keyword", routeFor("my-gpt-3.5"));
    assertNull(routeFor("claude-3"));
  }

  @Test
  void withinAKindTheFirstInOrderWins() {
    add("glob-first", MatchKind.GLOB, "gpt-*");
    add("glob-second", MatchKind.GLOB, "gpt-4*");
    add("keyword-first", MatchKind.KEYWORD, "claude");
    add("keyword-second", MatchKind.KEYWORD, "claude-3");
    add("exact-first", MatchKind.EXACT, "o1");
    add("exact-second", MatchKind.EXACT, "o1");
    assertEquals("glob-first", routeFor("gpt-4o"));
    assertEquals("keyword-first", routeFor("claude-3-opus"));
    assertEquals("exact-first", routeFor("o1"));
  }

  @Test
  void sortOrderDecidesNotTheListOrder() {
    Route first = add("a", MatchKind.GLOB, "gpt-*");
    Route second = add("b", MatchKind.GLOB, "gpt-4*");
    first.moveTo(5);
    second.moveTo(1);
    assertEquals("b", routeFor("gpt-4o"));
    assertEquals(List.of("b", "a"), RouteTable.of(routes, BOX).all().stream().map(ActiveRoute::name).toList());
  }

  @Test
  void globsAreAnchoredAndQuoteRegexCharacters() {
    add("dots", MatchKind.GLOB, "gpt-3.5-*");
    add("one", MatchKind.GLOB, "o?-mini");
    assertEquals("dots", routeFor("gpt-3.5-turbo"));
    assertNull(routeFor("gpt-3x5-turbo"));
    assertNull(routeFor("x-gpt-3.5-turbo"));
    assertEquals("one", routeFor("o3-mini"));
    assertNull(routeFor("o33-mini"));
  }

  @Test
  void nullAndUnmatchedModelsGoToTheDefaultRoute() {
    add("exact", MatchKind.EXACT, "gpt-4o");
    add("fallback", MatchKind.KEYWORD, "zzz", true, true, null);
    assertEquals("fallback", routeFor(null));
    assertEquals("fallback", routeFor("unheard-of"));
    assertEquals("exact", routeFor("gpt-4o"));
    assertEquals("fallback", RouteTable.of(routes, BOX).defaultRoute().map(ActiveRoute::name).orElse(null));
  }

  @Test
  void withoutADefaultNullAndUnmatchedModelsFindNothing() {
    add("exact", MatchKind.EXACT, "gpt-4o");
    RouteTable table = RouteTable.of(routes, BOX);
    assertEquals(Optional.empty(), table.route(null));
    assertEquals(Optional.empty(), table.route("unheard-of"));
    assertEquals(Optional.empty(), table.defaultRoute());
    assertEquals(Optional.empty(), RouteTable.EMPTY.route("gpt-4o"));
  }

  @Test
  void disabledRoutesAreIgnoredAlsoAsDefault() {
    add("off-exact", MatchKind.EXACT, "gpt-4o", false, false, null);
    add("off-default", MatchKind.KEYWORD, "gpt", true, false, null);
    add("on", MatchKind.GLOB, "gpt-*");
    assertEquals("on", routeFor("gpt-4o"));
    assertNull(routeFor("claude"));
    assertEquals(1, RouteTable.of(routes, BOX).all().size());
  }

  @Test
  void modelRewriteReplacesTheRequestedName() {
    add("rewrite", MatchKind.GLOB, "fast-*", false, true, "gpt-4o-mini");
    add("blank", MatchKind.EXACT, "as-is", false, true, "  ");
    add("none", MatchKind.EXACT, "plain");
    RouteTable table = RouteTable.of(routes, BOX);
    assertEquals("gpt-4o-mini", table.route("fast-chat").orElseThrow().upstreamModelFor("fast-chat"));
    assertEquals("as-is", table.route("as-is").orElseThrow().upstreamModelFor("as-is"));
    assertEquals("plain", table.route("plain").orElseThrow().upstreamModelFor("plain"));
  }

  @Test
  void providerKeyIsOpenedIntoTheUpstream() {
    add("r", MatchKind.EXACT, "m");
    Upstream upstream = RouteTable.of(routes, BOX).route("m").orElseThrow().upstream();
    assertEquals("sk-r", upstream.apiKey());
    assertFalse(upstream.toString().contains("sk-r"), upstream.toString());
    List<String> headers = new ArrayList<>();
    Providers.of(ProviderKind.OPENAI).authenticate(upstream, (name, value) -> headers.add(name + ": " + value));
    assertEquals(List.of("Authorization: Bearer sk-r"), headers);
  }

  @Test
  void routeWhoseKeyCannotBeOpenedIsLeftOutNotFatal() {
    add("good", MatchKind.GLOB, "gpt-*");
    Route bad = add("bad", MatchKind.EXACT, "gpt-4o");
    bad.targetsForUpdate().clear();
    apply(bad, new RouteSpec("bad", MatchKind.EXACT, "gpt-4o", ProviderKind.OPENAI, "https://x", null, null, false,
        true), new SecretBox("other", Map.of("other", new byte[32])).seal("sk-x"));
    assertEquals("good", routeFor("gpt-4o"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://relay.example.com", "https://relay.example.com/", "https://relay.example.com/v1",
      "https://relay.example.com/v1/", " https://relay.example.com/v1// "})
  void baseUrlWithOrWithoutV1AndSlashGivesTheSameUpstreamUrl(String baseUrl) {
    Route route = Entities.withId(new Route("r", 0), 1);
    apply(route, new RouteSpec("r", MatchKind.EXACT, "m", ProviderKind.OPENAI, baseUrl, null, null, false, true), null);
    Upstream upstream = RouteTable.of(List.of(route), BOX).route("m").orElseThrow().upstream();
    assertNull(upstream.apiKey());
    assertEquals("https://relay.example.com/v1/chat/completions",
        Providers.of(ProviderKind.OPENAI).target(upstream, "/chat/completions", null).toString());
    assertEquals("https://relay.example.com/v1/models?limit=5",
        Providers.of(ProviderKind.OPENAI).target(upstream, "/models", "limit=5").toString());
  }

  @Test
  void baseUrlWithAPathPrefixKeepsIt() {
    for (String base : Arrays.asList("https://gw.example.com/openai", "https://gw.example.com/openai/v1/")) {
      Upstream upstream = new Upstream("r", ProviderKind.OPENAI, base, null);
      assertEquals("https://gw.example.com/openai/v1/embeddings",
          Providers.of(ProviderKind.OPENAI).target(upstream, "/embeddings", "").toString());
    }
    assertTrue(new Upstream("r", ProviderKind.OPENAI, "https://h/v1x", null).baseUrl().endsWith("/v1x"));
  }

  @Test
  void aTargetWhoseKeyCannotBeOpenedIsLeftOutAndTheNextServes() {
    Route route = Entities.withId(new Route("multi", 0), 7);
    TargetSpec broken = new TargetSpec("broken", ProviderKind.OPENAI, "https://broken.example.com", null, null, null,
        null, null, null, 0, 1, true, null);
    TargetSpec off = new TargetSpec("off", ProviderKind.OPENAI, "https://off.example.com", null, null, null, null,
        null, null, -1, 1, false, null);
    TargetSpec later = new TargetSpec("later", ProviderKind.OPENAI, "https://later.example.com", null, "rewritten",
        null, null, null, null, 1, 2, true, new Timeouts(null, 500, null, null, null));
    route.apply(new RouteSpec("multi", MatchKind.EXACT, "m", false, true, List.of(broken, off, later), null));
    String[] sealed = {new SecretBox("other", Map.of("other", new byte[32])).seal("sk-x"), BOX.seal("sk-off"),
        BOX.seal("sk-later")};
    for (int i = 0; i < 3; i++) {
      TargetSpec spec = List.of(broken, off, later).get(i);
      Target target = new Target(route, spec.name());
      target.apply(spec, i, sealed[i], null);
      route.targetsForUpdate().add(target);
    }

    ActiveRoute active = RouteTable.of(List.of(route), BOX).route("m").orElseThrow();

    assertEquals(List.of("off", "later"), active.targets().stream().map(ActiveTarget::name).toList());
    assertEquals("later", active.primary().name(), "disabled targets never serve, whatever their priority");
    assertEquals("sk-later", active.upstream().apiKey());
    assertEquals("rewritten", active.upstreamModelFor("m"));
    assertEquals(2, active.primary().weight());
    assertEquals(500, active.primary().timeouts().firstByteMs());
    assertEquals("multi/later", active.upstream().routeName());
  }
}
