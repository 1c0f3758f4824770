package org.airouter.security.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClaimTeamTest {
  @Test void aStringIsTheTeam() {
    assertEquals(Optional.of("research"), ClaimTeam.of("team", Map.of("team", "research")));
    assertEquals(Optional.of("research"), ClaimTeam.of("team", Map.of("team", "  research ")), "trimmed");
  }

  @Test void ofAListTheFirstStringIs() {
    assertEquals(Optional.of("research"), ClaimTeam.of("teams", Map.of("teams", List.of("research", "ops"))));
    assertEquals(Optional.of("ops"), ClaimTeam.of("teams", Map.of("teams", Arrays.asList(7, null, "ops"))),
        "values that are no string are skipped");
  }

  @Test void absentBlankOrNotAStringIsNoTeam() {
    assertEquals(Optional.empty(), ClaimTeam.of("team", Map.of("groups", List.of("ai-users"))));
    assertEquals(Optional.empty(), ClaimTeam.of("team", Map.of("team", " ")));
    assertEquals(Optional.empty(), ClaimTeam.of("team", Map.of("team", List.of())));
    assertEquals(Optional.empty(), ClaimTeam.of("team", Map.of("team", 42)));
    assertEquals(Optional.empty(), ClaimTeam.of("team", Map.of("team", Map.of("name", "research"))));
  }

  @Test void aDottedNameReadsInsideAnObject() {
    assertEquals(Optional.of("research"), ClaimTeam.of("org.team", Map.of("org", Map.of("team", "research"))));
    assertEquals(Optional.empty(), ClaimTeam.of("org.team", Map.of("org", "research")));
  }
}
