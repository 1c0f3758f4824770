package org.airouter.admin.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.util.List;
import org.airouter.routing.RouteService;
import org.airouter.validation.Problem;
import org.airouter.wire.OpenAiError;
import org.junit.jupiter.api.Test;

/** The admin API's 400 names the first problem's field as {@code param} and lists every problem in the message. */
class ErrorsTest {

  @Test void aBrokenRuleIs400WithTheFieldAsParam() {
    OpenAiError error = ServiceErrorMapper.translate(new RouteService.InvalidRoute(List.of(
        new Problem("targets[1].baseUrl", "line 1: must be an http or https URL"), new Problem("name", "must not be blank"))));
    JsonObject body = error.toJson().getJsonObject("error");
    assertEquals(400, error.status());
    assertEquals("targets[1].baseUrl", body.getString("param"), "the field, even with colons in the message");
    assertEquals("targets[1].baseUrl: line 1: must be an http or https URL; name: must not be blank",
        body.getString("message"));
    assertEquals("invalid_request_error", body.getString("type"));
    assertEquals("invalid_value", body.getString("code"));
  }

  @Test void unknownIdIs404AndTakenNameIs409() {
    OpenAiError missing = ServiceErrorMapper.translate(new RouteService.RouteNotFound(7));
    assertEquals(404, missing.status());
    assertEquals("No route with id 7.", missing.message());
    assertEquals("not_found", missing.code());
    OpenAiError taken = ServiceErrorMapper.translate(new RouteService.DuplicateRouteName("main"));
    assertEquals(409, taken.status());
    assertEquals("duplicate_name", taken.code());
  }
}
