package org.airouter.admin.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.HashSet;
import java.util.Set;
import org.airouter.security.AdminAuthFilter;
import org.airouter.security.RoleFeature;

/**
 * The admin API's JAX-RS application. Everything is listed here, nothing is scanned: {@link OpenApiDocument} is
 * built from exactly these resources. {@link RoleFeature} gives each method its role check (admin when unannotated).
 */
@ApplicationPath(AdminApi.PATH)
public class AdminApi extends Application {
  public static final String PATH = "/api/admin/v1";
  static final Set<Class<?>> RESOURCES = Set.of(RoutesResource.class, ClientKeysResource.class,
      TokensResource.class, ConfigResource.class, RouteTryResource.class, UsageResource.class,
      TeamsResource.class, PricesResource.class, UsersResource.class, AuditResource.class,
      CapturesResource.class, MeResource.class);

  @Override public Set<Class<?>> getClasses() {
    Set<Class<?>> classes = new HashSet<>(RESOURCES);
    classes.addAll(Set.of(OpenApiDocument.class, AdminAuthFilter.class, RoleFeature.class, AuditFilter.class,
        ServiceErrorMapper.class, ValidationErrorMapper.class, HttpErrorMapper.class, UnexpectedErrorMapper.class));
    return classes;
  }
}
