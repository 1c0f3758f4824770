package org.airouter.security.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.airouter.config.Settings;
import org.airouter.security.Role;
import org.junit.jupiter.api.Test;

class OidcSettingsTest {
  static Map<String, String> complete() {
    Map<String, String> env = new HashMap<>();
    env.put("AIROUTER_OIDC_ISSUER", "https://login.example.com/realms/ai");
    env.put("AIROUTER_OIDC_CLIENT_ID", "ai-router");
    env.put("AIROUTER_OIDC_CLIENT_SECRET", "s3cret-value-never-shown");
    env.put("AIROUTER_OIDC_ROLE_MAP", "ai-admins=admin,ai-view=viewer");
    return env;
  }

  static Optional<OidcSettings> parse(Map<String, String> env) { return OidcSettings.from(Settings.with(env)); }

  @Test void offWithoutAnIssuerAndPasswordsThenStay() {
    assertEquals(Optional.empty(), parse(Map.of()));
    assertTrue(OidcSettings.passwordSignIn(parse(Map.of())));
  }

  @Test void defaultsWithAnIssuer() {
    OidcSettings s = parse(complete()).orElseThrow();
    assertEquals(URI.create("https://login.example.com/realms/ai"), s.issuer());
    assertEquals("openid profile email", s.scopes());
    assertEquals("groups", s.roles().claim());
    assertEquals(Optional.of(Role.ADMIN), s.roles().roleOf(Map.of("groups", "ai-admins")));
    assertEquals("login.example.com", s.providerName());
    assertEquals(Optional.empty(), s.redirectUri());
    assertTrue(s.passwordSignIn());
    assertEquals(Optional.empty(), s.teamClaim(), "no team from the token unless asked");
  }

  @Test void everySettingIsRead() {
    Map<String, String> env = complete();
    env.put("AIROUTER_OIDC_SCOPES", "openid email groups");
    env.put("AIROUTER_OIDC_ROLES_CLAIM", "roles");
    env.put("AIROUTER_OIDC_PROVIDER_NAME", "Contoso Entra ID");
    env.put("AIROUTER_OIDC_REDIRECT_URI", "https://gateway.example.com/ai/sso/callback");
    env.put("AIROUTER_OIDC_PASSWORD_SIGN_IN", "false");
    env.put("AIROUTER_OIDC_TIMEOUT_MS", "2500");
    env.put("AIROUTER_OIDC_TEAM_CLAIM", "org.team");
    OidcSettings s = parse(env).orElseThrow();
    assertEquals("openid email groups", s.scopes());
    assertEquals("roles", s.roles().claim());
    assertEquals("Contoso Entra ID", s.providerName());
    assertEquals(Optional.of(URI.create("https://gateway.example.com/ai/sso/callback")), s.redirectUri());
    assertFalse(s.passwordSignIn());
    assertFalse(OidcSettings.passwordSignIn(Optional.of(s)));
    assertEquals(2500, s.timeoutMs());
    assertEquals(Optional.of("org.team"), s.teamClaim());
  }

  @Test void theSecretNeverShowsInItsText() {
    OidcSettings s = parse(complete()).orElseThrow();
    assertFalse(s.toString().contains("s3cret"), s.toString());
    assertTrue(s.toString().contains("ai-router"), "the client id is no secret");
  }

  @Test void mistakesStopTheStartNamingTheSetting() {
    for (String missing : new String[] {"AIROUTER_OIDC_CLIENT_ID", "AIROUTER_OIDC_CLIENT_SECRET",
        "AIROUTER_OIDC_ROLE_MAP"}) {
      Map<String, String> env = complete();
      env.remove(missing);
      String setting = missing.toLowerCase().replaceFirst("airouter_oidc_", "airouter.oidc.").replace('_', '-');
      assertMistake(env, setting);
    }
    Map<String, String> env = complete();
    env.put("AIROUTER_OIDC_ISSUER", "login.example.com");
    assertMistake(env, "airouter.oidc.issuer");
    env = complete();
    env.put("AIROUTER_OIDC_SCOPES", "profile email");
    assertMistake(env, "airouter.oidc.scopes");
    env = complete();
    env.put("AIROUTER_OIDC_PASSWORD_SIGN_IN", "maybe");
    assertMistake(env, "airouter.oidc.password-sign-in");
    assertMistake(Map.of("AIROUTER_OIDC_PASSWORD_SIGN_IN", "false"), "airouter.oidc.issuer");
  }

  static void assertMistake(Map<String, String> env, String setting) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(env), setting);
    assertTrue(e.getMessage().contains(setting), e.getMessage());
  }
}
