package org.airouter.selfservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.airouter.security.Caller;
import org.airouter.security.Role;
import org.junit.jupiter.api.Test;

/** Owner names and teams of single sign-on callers beside password users'. */
class SelfTest {
  @Test void theSamePersonOwnsTheSameKeysByPasswordOrSingleSignOn() {
    assertEquals("alice", Self.ownerOf(new Caller("sso:alice", Role.MEMBER, "research")));
    assertEquals(Self.ownerOf(new Caller("user:alice", Role.MEMBER)),
        Self.ownerOf(new Caller("sso:alice", Role.MEMBER)));
  }

  @Test void aProvidersUserNamedAdminDoesNotOwnTheBootstrapAdministratorsKeys() {
    assertEquals("sso:admin", Self.ownerOf(new Caller("sso:admin", Role.ADMIN)));
    assertEquals("sso:Admin", Self.ownerOf(new Caller("sso:Admin", Role.MEMBER)));
    assertEquals("admin", Self.ownerOf(new Caller("admin", Role.ADMIN)));
  }

  @Test void theTeamClaimIsTheTeamWithoutAUserRecordOrWithATeamlessOne() {
    assertEquals("research", Self.teamOf(new Caller("sso:bea", Role.MEMBER, "research"), null));
  }

  @Test void theUserRecordsTeamWinsOverTheClaim() {
    assertEquals("ops", Self.teamOf(new Caller("sso:bea", Role.MEMBER, "research"), "ops"));
    assertEquals("ops", Self.teamOf(new Caller("sso:bea", Role.MEMBER), "ops"), "a record's team without a claim");
    assertEquals("ops", Self.teamOf(new Caller("user:bea", Role.MEMBER), "ops"));
  }

  @Test void noClaimAndNoRecordIsNoTeam() {
    assertNull(Self.teamOf(new Caller("sso:bea", Role.MEMBER), null));
  }

  @Test void theBootstrapAdministratorAndTokensHaveNoTeam() {
    assertNull(Self.teamOf(new Caller("admin", Role.ADMIN, "research"), "ops"));
    assertNull(Self.teamOf(new Caller("token:deploy", Role.ADMIN, "research"), "ops"));
    assertNull(Self.teamOf(null, null));
  }
}
