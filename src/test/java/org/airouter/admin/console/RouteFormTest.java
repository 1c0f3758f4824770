package org.airouter.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.airouter.provider.ProviderKind;
import org.airouter.routing.RouteService;
import org.airouter.routing.RouteSpec;
import org.airouter.validation.Problem;
import org.junit.jupiter.api.Test;

class RouteFormTest {
  static RouteForm azure() {
    RouteForm form = new RouteForm();
    form.setName("azure");
    form.setPattern("gpt-4o");
    form.getTargets().get(0).setProvider("azure");
    form.getTargets().get(0).setBaseUrl("https://res.openai.azure.com");
    return form;
  }

  @Test void mapFieldsAreOneEntryALine() {
    RouteForm form = azure();
    form.getTargets().get(0).setApiVersion(" 2024-06-01 ");
    form.getTargets().get(0).setDeployments("gpt-4o = prod-4o\r\n\n  gpt-4o-mini=mini ");
    form.getTargets().get(0).setQuery("trace = on\nsig = a=b");
    form.getTargets().get(0).setHeaders("X-Title: my app\nHTTP-Referer: https://my.app");

    RouteSpec spec = form.toSpec();

    assertEquals(ProviderKind.AZURE, spec.primary().provider());
    assertEquals("2024-06-01", spec.primary().apiVersion());
    assertEquals(Map.of("gpt-4o", "prod-4o", "gpt-4o-mini", "mini"), spec.primary().deployments());
    assertEquals(Map.of("trace", "on", "sig", "a=b"), spec.primary().query(), "the first separator splits");
    assertEquals(Map.of("X-Title", "my app", "HTTP-Referer", "https://my.app"), spec.primary().headers());
  }

  @Test void blankHeadersKeepTheStoredOnesUnlessRemovalIsTicked() {
    RouteForm form = azure();
    form.getTargets().get(0).setHeaders("  ");
    assertNull(form.toSpec().primary().headers(), "blank keeps them, like the key");
    form.getTargets().get(0).setClearHeaders(true);
    assertEquals(Map.of(), form.toSpec().primary().headers());
    form.getTargets().get(0).setHeaders("X-New: 1");
    assertEquals(Map.of("X-New", "1"), form.toSpec().primary().headers(), "typed lines replace them all");
    assertNull(form.getTargets().get(0).getHeaders(), "write-only: never rendered back");
  }

  @Test void unreadableLinesAreProblemsOfTheirField() {
    RouteForm form = azure();
    form.getTargets().get(0).setDeployments("gpt-4o = a\nno separator here");
    form.getTargets().get(0).setHeaders("X-Secret = value-that-must-not-be-echoed");
    form.getTargets().get(0).setQuery("a = 1\na = 2");

    RouteService.InvalidRoute e = assertThrows(RouteService.InvalidRoute.class, form::toSpec);

    assertEquals(List.of("deployments: line 2: expected name = value", "query: line 2: a appears twice",
        "headers: line 1: expected Name: value"), texts(e.problems()).subList(0, 3));
    assertFalse(e.getMessage().contains("value-that-must-not-be-echoed"), e.getMessage());
  }

  @Test void lineProblemsComeWithTheServiceRulesAtOnce() {
    RouteForm form = azure();
    form.getTargets().get(0).setProvider("openai");
    form.getTargets().get(0).setDeployments("gpt-4o");

    RouteService.InvalidRoute e = assertThrows(RouteService.InvalidRoute.class, form::toSpec);

    assertEquals(List.of("deployments: line 1: expected name = value"), texts(e.problems()), "an empty map breaks no rule");
    form.getTargets().get(0).setDeployments("gpt-4o = d\nx");
    assertEquals(List.of("deployments: line 2: expected name = value", "deployments: only for azure routes"),
        texts(assertThrows(RouteService.InvalidRoute.class, form::toSpec).problems()));
  }

  @Test void emptyMapFieldsAreEmptyMaps() {
    RouteSpec spec = azure().toSpec();
    assertEquals(Map.of(), spec.primary().deployments());
    assertEquals(Map.of(), spec.primary().query());
    assertNull(spec.primary().apiVersion());
  }

  @Test void targetsAreAddedMovedAndRemovedWithWhatWasTypedInThem() {
    RouteForm form = azure();
    form.getTargets().get(0).setApiKey("az-key");
    form.addTarget();
    form.addTarget();
    assertEquals(List.of("primary", "target-2", "target-3"), names(form));
    form.getTargets().get(1).setBaseUrl("https://two.example.com");
    form.getTargets().get(1).setApiKey("two-key");
    form.getTargets().get(1).setApiKey("");     // the next postback submits the write-only field blank
    form.getTargets().get(2).setBaseUrl("https://three.example.com");

    form.moveTarget(1, -1);
    form.moveTarget(0, -1);                       // at the top it stays put
    form.removeTarget(2);
    RouteSpec spec = form.toSpec();

    assertEquals(List.of("target-2", "primary"), spec.targets().stream().map(t -> t.name()).toList());
    assertEquals("two-key", spec.targets().get(0).apiKey(), "the typed key moved with its target");
    assertEquals("az-key", spec.targets().get(1).apiKey());
    assertNull(form.getTargets().get(0).getApiKey(), "write-only");
  }

  @Test void problemsOfATargetGoBesideItsOwnFields() {
    assertEquals("route:targets:1:baseUrl", clientId("targets[1].baseUrl"));
    assertEquals("route:targets:0:baseUrl", clientId("baseUrl"), "a route's only target");
    assertEquals("route:targets:2:timeouts", clientId("targets[2].timeouts.connectMs"));
    assertEquals("route:name", clientId("name"));
    assertEquals("route:timeouts", clientId("timeouts.totalMs"));
    assertEquals("route:fallbacks", clientId("fallbacks"));
    assertNull(clientId("targets"), "about the list: a global message");

    RouteForm form = azure();
    form.addTarget();
    form.getTargets().get(1).setBaseUrl("https://two.example.com");
    form.getTargets().get(1).setDeployments("no separator");
    form.getTargets().get(1).setTimeouts("readMs = 5");
    form.setTimeouts("totalMs = soon");
    RouteService.InvalidRoute e = assertThrows(RouteService.InvalidRoute.class, form::toSpec);
    assertEquals(List.of("targets[1].deployments: line 1: expected name = value",
        "targets[1].timeouts: readMs is not one of connectMs, firstByteMs, firstTokenMs, idleMs, totalMs",
        "timeouts: totalMs must be a whole number of milliseconds"), texts(e.problems()));
  }
  /** Where RouteEditPage puts a field's problem on route.xhtml (its inputs, for a route of three targets). */
  private static String clientId(String field) {
    Set<String> inputs = new HashSet<>(List.of("route:name", "route:match", "route:pattern", "route:maxAttempts",
        "route:fallbacks", "route:sticky", "route:timeouts", "route:keepaliveAfterMs"));
    for (int i = 0; i < 3; i++) {
      for (String input : List.of("name", "priority", "weight", "provider", "baseUrl", "apiKey", "upstreamModel",
          "apiVersion", "deployments", "query", "headers", "timeouts")) {
        inputs.add("route:targets:" + i + ":" + input);
      }
    }
    return RouteEditPage.clientId(field, inputs::contains);
  }


  private static List<String> names(RouteForm form) {
    return form.getTargets().stream().map(TargetForm::getName).toList();
  }

  /** Each problem as the admin API's message words it. */
  private static List<String> texts(List<Problem> problems) {
    return problems.stream().map(Problem::toString).toList();
  }
}
