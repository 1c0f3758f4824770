package org.airouter.admin.api;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.airouter.audit.AuditLog;
import org.airouter.security.AdminAuthFilter;
import org.airouter.wire.JsonIo;

/**
 * Writes an audit event for every admin API change that succeeded (POST, PUT, DELETE answered 2xx) and for every
 * export with secrets: who (the caller), from where, what (resource and id), and before/after as the API shows them
 * (so already without provider keys), scrubbed again by {@link org.airouter.audit.AuditScrub}. "Before" is the
 * resource's own GET of the id, read after the role check and before the change.
 */
@Provider
@Priority(Priorities.AUTHORIZATION + 100)
@ApplicationScoped
public class AuditFilter implements ContainerRequestFilter, ContainerResponseFilter {
  private static final Logger LOG = Logger.getLogger(AuditFilter.class.getName());
  private static final String BEFORE = "org.airouter.audit.before";
  private static final Jsonb JSONB = JsonbBuilder.create();

  @Inject AuditLog audit;

  @Override public void filter(ContainerRequestContext request) {
    String method = request.getMethod();
    List<PathSegment> path = request.getUriInfo().getPathSegments();
    if ((method.equals("PUT") || method.equals("DELETE")) && path.size() == 2 && isId(path.get(1).getPath())) {
      JsonValue before = before(request, Long.parseLong(path.get(1).getPath()));
      if (before != null) request.setProperty(BEFORE, before);
    }
  }

  @Override public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    int status = response.getStatus();
    if (status < 200 || status >= 300) return;
    String method = request.getMethod();
    List<PathSegment> path = request.getUriInfo().getPathSegments();
    String resource = path.isEmpty() ? "" : path.get(0).getPath();
    if (resource.equals(MeResource.PATH)) return;   // self-service writes its own events, naming the key (MeResource)
    String sub = path.size() > 1 ? path.get(1).getPath() : null;
    String action;
    if (method.equals("GET")) {
      boolean secrets = "true".equalsIgnoreCase(request.getUriInfo().getQueryParameters().getFirst("includeSecrets"));
      if (!(resource.equals("config") && sub == null && secrets)) return;
      action = "export-with-secrets";
    } else if (method.equals("POST")) {
      action = sub != null && !isId(sub) ? sub : resource.equals("test") ? "run" : "create";
      if (action.equals("import") && "true".equalsIgnoreCase(request.getUriInfo().getQueryParameters().getFirst("dryRun"))) {
        return;   // a preview changes nothing
      }
    } else if (method.equals("PUT")) {
      action = sub != null && !isId(sub) ? sub : "update";
    } else if (method.equals("DELETE")) {
      action = resource.equals("tokens") ? "revoke" : "delete";
    } else {
      return;
    }
    JsonValue after = method.equals("DELETE") && !resource.equals("tokens") || action.equals("export-with-secrets")
        ? null : entity(response.getEntity());
    String target = sub != null && isId(sub) ? sub : after instanceof JsonObject o && o.get("id") != null
        ? o.get("id").toString() : null;
    var detail = JsonIo.PROVIDER.createObjectBuilder();
    Object before = request.getProperty(BEFORE);
    if (before instanceof JsonValue b) detail.add("before", b);
    if (after != null) detail.add("after", after);
    Object address = request.getProperty(AdminAuthFilter.CLIENT_ADDRESS);
    String actor = request.getSecurityContext().getUserPrincipal() == null ? null
        : request.getSecurityContext().getUserPrincipal().getName();
    audit.record(actor, address instanceof String a ? a : null, resource + "." + action, resource, target,
        detail.build());
  }

  /** The resource's "GET {id}" answer, or null (no such method, or no such id). */
  private static JsonValue before(ContainerRequestContext request, long id) {
    List<Object> matched = request.getUriInfo().getMatchedResources();
    if (matched.isEmpty()) return null;
    Object instance = matched.get(0);
    Class<?> type = instance.getClass();
    while (type != null && !type.isAnnotationPresent(Path.class)) type = type.getSuperclass();   // past CDI's proxy
    if (type == null) return null;
    for (Method m : type.getMethods()) {
      Path sub = m.getAnnotation(Path.class);
      if (m.isAnnotationPresent(GET.class) && sub != null && sub.value().equals("{id}")
          && m.getParameterCount() == 1) {
        try {
          return entity(m.invoke(instance, id));
        } catch (ReflectiveOperationException | RuntimeException notThere) {
          LOG.log(Level.FINE, "no 'before' for " + type.getSimpleName() + " " + id, notThere);
          return null;
        }
      }
    }
    return null;
  }

  private static JsonValue entity(Object entity) {
    if (entity == null) return null;
    String json = entity instanceof String s ? s : entity instanceof JsonValue v ? v.toString() : JSONB.toJson(entity);
    return JsonIo.read(json).orElse(null);
  }

  private static boolean isId(String s) { return !s.isEmpty() && s.chars().allMatch(Character::isDigit) && s.length() < 19; }
}
