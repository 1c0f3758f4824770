package org.airouter.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.airouter.admin.api.AdminApi;
import org.airouter.testing.RoleMatrix;
import org.junit.jupiter.api.Test;

/**
 * The role every admin API method needs, read from the Jersey resource classes the application registers, equals
 * {@link RoleMatrix}; and every {@code @Path} class of the admin API package is registered (an unregistered one would
 * be neither served nor checked here). AdminRolesIT holds the running API to the same table.
 */
class AdminRolesTest {
  static final Set<Class<? extends Annotation>> VERBS = Set.of(GET.class, POST.class, PUT.class, DELETE.class,
      PATCH.class, HEAD.class);

  static Map<String, String> declared(Set<Class<?>> classes) {
    Map<String, String> roles = new TreeMap<>();
    for (Class<?> type : classes) {
      Path root = type.getAnnotation(Path.class);
      if (root == null) continue;
      for (Method method : type.getMethods()) {
        for (Class<? extends Annotation> verb : VERBS) {
          if (!method.isAnnotationPresent(verb)) continue;
          Path sub = method.getAnnotation(Path.class);
          String path = "/" + root.value() + (sub == null ? "" : "/" + sub.value());
          roles.put(verb.getSimpleName() + " " + path, RoleFeature.required(type, method).id());
        }
      }
    }
    return roles;
  }

  @Test void everyAdminApiMethodNeedsTheRoleTheMatrixSays() {
    Application app = new AdminApi();
    assertEquals(new TreeMap<>(RoleMatrix.expected()), declared(app.getClasses()));
  }

  @Test void everyResourceClassOfTheAdminApiPackageIsRegistered() throws IOException, URISyntaxException {
    java.nio.file.Path dir = Paths.get(AdminApi.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve("org/airouter/admin/api");
    Set<String> withPath;
    try (Stream<java.nio.file.Path> files = Files.list(dir)) {
      withPath = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".class") && !n.contains("$"))
          .map(n -> "org.airouter.admin.api." + n.substring(0, n.length() - 6)).filter(AdminRolesTest::hasPath)
          .collect(Collectors.toCollection(TreeSet::new));
    }
    assertFalse(withPath.isEmpty());
    Set<String> registered = new AdminApi().getClasses().stream().map(Class::getName)
        .collect(Collectors.toCollection(TreeSet::new));
    assertTrue(registered.containsAll(withPath), "unregistered: " + withPath.stream()
        .filter(n -> !registered.contains(n)).toList());
  }

  @Test void anUnannotatedMethodIsAdminOnly() throws NoSuchMethodException {
    class Bare { public void call() {} }
    assertEquals(Role.ADMIN, RoleFeature.required(Bare.class, Bare.class.getMethod("call")));
  }

  @Test void theLadderAndTheMemberRole() {
    assertTrue(Role.ADMIN.allows(Role.OPERATOR));
    assertTrue(Role.OPERATOR.allows(Role.VIEWER));
    assertFalse(Role.VIEWER.allows(Role.OPERATOR));
    assertFalse(Role.MEMBER.allows(Role.VIEWER), "a member is no viewer of everything");
    assertTrue(Role.ADMIN.allows(Role.MEMBER));
    assertFalse(Role.OPERATOR.allows(Role.MEMBER));
    for (Role role : Role.values()) {
      for (Role required : Role.values()) {
        assertEquals(RoleMatrix.allows(role.id(), required.id()), role.allows(required), role + " / " + required);
      }
    }
  }

  private static boolean hasPath(String name) {
    try {
      return Class.forName(name).isAnnotationPresent(Path.class);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}
