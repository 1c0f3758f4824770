package org.airouter.admin.api;

import io.swagger.v3.jaxrs2.integration.JaxrsApplicationScanner;
import io.swagger.v3.jaxrs2.integration.resources.OpenApiResource;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;
import org.airouter.security.AdminAuthFilter;

/**
 * The admin API's JAX-RS application. Everything is listed here, nothing is scanned: the OpenAPI document is built
 * from exactly these resources, and deploys do not pay for a class-path scan.
 */
@ApplicationPath(AdminApi.PATH)
public class AdminApi extends Application {
  public static final String PATH = "/api/admin/v1";

  @Override public Set<Class<?>> getClasses() {
    return Set.of(RoutesResource.class, ClientKeysResource.class, TokensResource.class, ConfigResource.class,
        TestResource.class, AdminAuthFilter.class,
        ServiceErrorMapper.class, ValidationErrorMapper.class, HttpErrorMapper.class, UnexpectedErrorMapper.class);
  }

  @Override public Set<Object> getSingletons() {
    OpenAPI api = new OpenAPI()
        .info(new Info().title("ai-router admin API").version("v1")
            .description("Routes, client keys, admin tokens, configuration import/export and the online test. "
                + "Every call needs an admin token (Bearer) or the admin password (HTTP Basic, user 'admin')."))
        .addServersItem(new Server().url(PATH))
        .components(new Components()
            .addSecuritySchemes("adminToken", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer"))
            .addSecuritySchemes("adminPassword", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
        .addSecurityItem(new SecurityRequirement().addList("adminToken"))
        .addSecurityItem(new SecurityRequirement().addList("adminPassword"));
    SwaggerConfiguration config = new SwaggerConfiguration().openAPI(api).prettyPrint(true)
        .scannerClass(JaxrsApplicationScanner.class.getName())
        .readAllResources(false);
    return Set.of(new OpenApiResource().openApiConfiguration(config));
  }
}
