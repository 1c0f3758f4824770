package org.airouter.health;

import org.airouter.wire.JsonIo;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code /health/live}: the process answers. {@code /health/ready}: it can serve (503 otherwise, with the reasons). JSON, no auth. */
@WebServlet(urlPatterns = {"/health/live", "/health/ready"})
public class HealthServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject Health health;

  @Override protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    JsonObject body;
    int status;
    if (request.getServletPath().endsWith("/live")) {
      body = JsonIo.PROVIDER.createObjectBuilder().add("status", "UP").build();
      status = 200;
    } else {
      Health.Readiness r = health.readiness();   // from memory: no database call on a container thread
      status = r.ready() ? 200 : 503;
      JsonObjectBuilder checks = JsonIo.PROVIDER.createObjectBuilder();
      r.checks().forEach((name, up) -> checks.add(name, up ? "UP" : "DOWN"));
      JsonObjectBuilder answer = JsonIo.PROVIDER.createObjectBuilder().add("status", r.ready() ? "UP" : "DOWN")
          .add("checks", checks);
      if (!r.ready()) answer.add("reasons", JsonIo.PROVIDER.createArrayBuilder(r.reasons()));
      if (!r.details().isEmpty()) answer.add("details", JsonIo.PROVIDER.createArrayBuilder(r.details()));
      body = answer.build();
    }
    response.setStatus(status);
    response.setContentType("application/json");
    response.setHeader("Cache-Control", "no-store");
    response.getOutputStream().write(body.toString().getBytes(StandardCharsets.UTF_8));
  }
}
