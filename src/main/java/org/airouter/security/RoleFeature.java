package org.airouter.security;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import org.airouter.wire.OpenAiError;

/**
 * Gives every admin API method a role check, from {@link Allowed} on the method, else on its class, else
 * {@link Role#ADMIN}: deny by default. Runs after {@link AdminAuthFilter} has named the caller.
 */
@Provider
public class RoleFeature implements DynamicFeature {

  @Override public void configure(ResourceInfo resource, FeatureContext context) {
    context.register(new Check(required(resource.getResourceClass(), resource.getResourceMethod())));
  }

  /** The role a method needs. */
  public static Role required(Class<?> type, Method method) {
    Allowed onMethod = method == null ? null : method.getAnnotation(Allowed.class);
    if (onMethod != null) return onMethod.value();
    Allowed onClass = type == null ? null : type.getAnnotation(Allowed.class);
    return onClass == null ? Role.ADMIN : onClass.value();
  }

  @Priority(Priorities.AUTHORIZATION)
  static final class Check implements ContainerRequestFilter {
    private final Role required;

    Check(Role required) { this.required = required; }

    @Override public void filter(ContainerRequestContext request) {
      Caller caller = request.getSecurityContext() != null
          && request.getSecurityContext().getUserPrincipal() instanceof Caller c ? c : null;
      if (caller != null && caller.role().allows(required)) return;
      OpenAiError error = OpenAiError.permissionDenied("This needs the " + required.id() + " role; "
          + (caller == null ? "the caller has none." : "'" + caller.name() + "' has " + caller.role().id() + "."), null);
      request.abortWith(Response.status(403).type(MediaType.APPLICATION_JSON_TYPE)
          .entity(error.toJson().toString()).build());
    }
  }
}
