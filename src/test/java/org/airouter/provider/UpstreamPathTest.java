package org.airouter.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The path rules one by one; {@link UpstreamPathPropertiesTest} checks them against a reference parser. */
class UpstreamPathTest {

  private static void refused(String raw, String why) {
    InvalidTarget e = assertThrows(InvalidTarget.class, () -> UpstreamPath.fromRaw(raw), raw);
    assertEquals(400, e.error().status());
    assertEquals("invalid_path", e.error().code());
    assertEquals("invalid_request_error", e.error().type());
    assertTrue(e.error().message().contains(why), () -> raw + ": " + e.error().message());
  }

  @Test void aPlainPathIsItsOwnCanonicalFormWithoutACopy() {
    String raw = "/v1/chat/completions";
    assertSame(raw, UpstreamPath.fromRaw(raw));
    assertEquals("/v1/models/ft:gpt-4o-mini:acme:x@1", UpstreamPath.fromRaw("/v1/models/ft:gpt-4o-mini:acme:x@1"));
  }

  @Test void escapesOfAllowedCharactersAreDecoded() {
    assertEquals("/v1/files/file-abc", UpstreamPath.fromRaw("/v1/%66iles/file%2Dabc"));
    assertEquals("/v1/models/ft:x", UpstreamPath.fromRaw("/%761/models/ft%3ax"));
  }

  @Test void theIssuesExamplesAreRefused() {
    refused("/v1/chat/completions%3Ftrace=off%26x=", "'?'");
    refused("/v1/chat/completions%23frag", "'#'");
    refused("/v1/%252e%252e/%252e%252e/admin/secret", "double encoding");
    refused("/v1/x%20y", "may not contain");
  }

  @Test void encodedStructureIsRefused() {
    refused("/v1/files%2Fx", "'/'");
    refused("/v1/files%2fx", "'/'");
    refused("/v1/a%5Cb", "backslash");
    refused("/v1/a%3Bb", "';'");
    refused("/v1/a%00b", "may not contain");
    refused("/v1/a%0Ab", "may not contain");
  }

  @Test void dotSegmentsRawOrEncodedAreRefused() {
    for (String raw : List.of("/v1/../admin", "/v1/./chat/completions", "/v1/%2e%2e/admin", "/v1/%2E%2e/admin",
        "/v1/.%2e/admin", "/v1/chat/..", "/v1/chat/%2e", "/v1/...")) {
      refused(raw, "dot segment");
    }
    assertEquals("/v1/models/gpt-3.5-turbo", UpstreamPath.fromRaw("/v1/models/gpt-3.5-turbo"));
    assertEquals("/v1/.well", UpstreamPath.fromRaw("/v1/.well"));
  }

  @Test void emptySegmentsAreRefused() {
    refused("/v1//chat/completions", "empty segment");
    refused("//v1/chat/completions", "empty segment");
    refused("/v1/chat/completions/", "empty segment");
    refused("/", "empty segment");
  }

  @Test void pathParametersAndBackslashesAreRefused() {
    refused("/v1/chat/completions;jsessionid=1", "path parameters");
    refused("/v1;x=y/chat/completions", "path parameters");
    refused("/v1\\chat", "backslash");
  }

  @Test void brokenEscapesAndNonAsciiAreRefused() {
    refused("/v1/%zz", "broken percent-escape");
    refused("/v1/%2", "broken percent-escape");
    refused("/v1/%", "broken percent-escape");
    refused("/v1/%C3%A9", "non-ASCII");
    refused("/v1/%C3%28", "non-ASCII");
    refused("/v1/caf\u00e9", "non-ASCII");
    refused("v1/chat", "start with '/'");
  }

  @Test void checkedRefusesAnythingNotAlreadyCanonical() {
    assertEquals("/chat/completions", UpstreamPath.checked("/chat/completions"));
    assertThrows(InvalidTarget.class, () -> UpstreamPath.checked("/%66iles"));
    assertThrows(InvalidTarget.class, () -> UpstreamPath.checked("/../x"));
  }

  @Test void queryPartsMayHoldEscapesButNotSemicolonsHashesOrBrokenEscapes() {
    UpstreamPath.checkQueryPart("after=file-1");
    UpstreamPath.checkQueryPart("q=a%23b%3Bc/d?e");
    for (String part : List.of("a=1;trace=off", "a=1#x", "a=%zz", "a=%2", "a=b c", "a=\u00e9", "a=<b>")) {
      InvalidTarget e = assertThrows(InvalidTarget.class, () -> UpstreamPath.checkQueryPart(part), part);
      assertEquals("invalid_path", e.error().code());
    }
  }

  @Test void deploymentsComeFromASafeCharacterSetOnly() {
    assertEquals("prod-4o_v2.1", UpstreamPath.deployment("prod-4o_v2.1"));
    assertEquals("d".repeat(64), UpstreamPath.deployment("d".repeat(64)));
    for (String bad : List.of("", ".", "..", "...", "a/b", "a b", "a?b", "a#b", "a%2fb", "a\\b", "caf\u00e9",
        "d".repeat(65))) {
      InvalidTarget e = assertThrows(InvalidTarget.class, () -> UpstreamPath.deployment(bad), bad);
      assertEquals(400, e.error().status());
      assertEquals("invalid_deployment", e.error().code());
      assertEquals("model", e.error().param());
    }
  }
}
