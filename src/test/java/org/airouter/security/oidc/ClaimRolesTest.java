package org.airouter.security.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.airouter.security.Role;
import org.junit.jupiter.api.Test;

class ClaimRolesTest {
  final ClaimRoles groups = ClaimRoles.parse("groups", "ai-admins=admin, ai-ops=operator,ai-view=viewer");

  @Test void aGroupListGivesTheHighestMappedRole() {
    assertEquals(Optional.of(Role.OPERATOR), groups.roleOf(Map.of("groups", List.of("ai-view", "staff", "ai-ops"))));
    assertEquals(Optional.of(Role.ADMIN), groups.roleOf(Map.of("groups", List.of("ai-admins", "ai-view"))));
    assertEquals(Optional.of(Role.VIEWER), groups.roleOf(Map.of("groups", "ai-view")), "a single string claim");
  }

  @Test void noMappedValueNoRole() {
    assertEquals(Optional.empty(), groups.roleOf(Map.of("groups", List.of("staff", "AI-ADMINS"))),
        "values match exactly, case included");
    assertEquals(Optional.empty(), groups.roleOf(Map.of("email", "a@example.com")), "no claim at all");
    assertEquals(Optional.empty(), groups.roleOf(Map.of("groups", 42)), "not a string");
  }

  @Test void aDottedClaimIsReadInsideNestedObjects() {
    ClaimRoles keycloak = ClaimRoles.parse("realm_access.roles", "router-admin=admin");
    assertEquals(Optional.of(Role.ADMIN),
        keycloak.roleOf(Map.of("realm_access", Map.of("roles", List.of("offline_access", "router-admin")))));
    assertEquals(Optional.empty(), keycloak.roleOf(Map.of("realm_access", "router-admin")));
  }

  @Test void aGroupNameMayHoldAnEqualsSignAndNewLinesSeparateToo() {
    ClaimRoles roles = ClaimRoles.parse("groups", "team=ops=operator\nplain=viewer");
    assertEquals(Optional.of(Role.OPERATOR), roles.roleOf(Map.of("groups", List.of("team=ops"))),
        "the last '=' splits value and role");
    assertEquals(Optional.of(Role.VIEWER), roles.roleOf(Map.of("groups", List.of("plain"))));
  }

  @Test void aGroupMayMapToMemberTheLowestRole() {
    ClaimRoles roles = ClaimRoles.parse("groups", "ai-users=member,ai-view=viewer");
    assertEquals(Optional.of(Role.MEMBER), roles.roleOf(Map.of("groups", List.of("staff", "ai-users"))));
    assertEquals(Optional.of(Role.VIEWER), roles.roleOf(Map.of("groups", List.of("ai-users", "ai-view"))),
        "a member who is also a viewer is a viewer");
  }

  @Test void mistakesNameTheSetting() {
    for (String bad : List.of("ai-admins", "ai-admins=", "=admin", "ai-admins=root",
        "a=admin,a=viewer", " , ")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClaimRoles.parse("groups", bad),
          bad);
      assertTrue(e.getMessage().contains("airouter.oidc.role-map"), e.getMessage());
    }
  }
}
