package org.airouter.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.airouter.validation.Problem;
import org.junit.jupiter.api.Test;

/** The endpoint names keys are scoped by, what the default reaches, and the spec's check of the names. */
class EndpointGroupTest {

  @Test void theNamesAreTheDocumentedOnes() {
    assertEquals("chat, completions, embeddings, images, audio, moderations, responses, messages, models, files, "
        + "batches, uploads, fine_tuning, vector_stores, assistants, threads, other", EndpointGroup.ids());
    assertEquals(Optional.of(EndpointGroup.FINE_TUNING), EndpointGroup.byId("fine_tuning"));
    assertEquals(Optional.empty(), EndpointGroup.byId("Files"));
    assertEquals(Optional.empty(), EndpointGroup.byId("chat/completions"));
  }

  @Test void accountPathsBelongToTheGroupOfTheirFirstSegmentAndTheRestToOther() {
    assertEquals(EndpointGroup.FILES, EndpointGroup.ofOtherPath("/files"));
    assertEquals(EndpointGroup.FILES, EndpointGroup.ofOtherPath("/files/file-abc"));
    assertEquals(EndpointGroup.FILES, EndpointGroup.ofOtherPath("/files/file-abc/content"));
    assertEquals(EndpointGroup.BATCHES, EndpointGroup.ofOtherPath("/batches"));
    assertEquals(EndpointGroup.BATCHES, EndpointGroup.ofOtherPath("/batches/batch_1/cancel"));
    assertEquals(EndpointGroup.FINE_TUNING, EndpointGroup.ofOtherPath("/fine_tuning/jobs"));
    assertEquals(EndpointGroup.VECTOR_STORES, EndpointGroup.ofOtherPath("/vector_stores/vs_1/files"));
    assertEquals(EndpointGroup.THREADS, EndpointGroup.ofOtherPath("/threads/t/runs"));
    assertEquals(EndpointGroup.OTHER, EndpointGroup.ofOtherPath("/filesystem"), "a prefix of a segment is not it");
    assertEquals(EndpointGroup.OTHER, EndpointGroup.ofOtherPath("/FILES"));
    assertEquals(EndpointGroup.OTHER, EndpointGroup.ofOtherPath("//files"));
    assertEquals(EndpointGroup.OTHER, EndpointGroup.ofOtherPath("/x/files"));
    assertEquals(EndpointGroup.OTHER, EndpointGroup.ofOtherPath("/responses/resp_1"));
    assertEquals(EndpointGroup.OTHER, EndpointGroup.ofOtherPath(""));
  }

  @Test void withoutAListAKeyLimitedToModelsReachesInferenceOnlyAndAnUnlimitedOneEverything() {
    assertEquals(EnumSet.of(EndpointGroup.CHAT, EndpointGroup.COMPLETIONS, EndpointGroup.EMBEDDINGS,
        EndpointGroup.IMAGES, EndpointGroup.AUDIO, EndpointGroup.MODERATIONS, EndpointGroup.RESPONSES,
        EndpointGroup.MESSAGES, EndpointGroup.MODELS), EndpointGroup.reach(true, null));
    assertEquals(EnumSet.allOf(EndpointGroup.class), EndpointGroup.reach(false, null));
  }

  @Test void anExplicitListIsExactlyThat() {
    assertEquals(EnumSet.of(EndpointGroup.FILES), EndpointGroup.reach(true, List.of("files")));
    assertEquals(EnumSet.of(EndpointGroup.CHAT), EndpointGroup.reach(false, List.of("chat")));
    assertEquals(EnumSet.of(EndpointGroup.CHAT), EndpointGroup.reach(false, List.of("chat", "gone-in-a-downgrade")),
        "a stored name this version does not know opens nothing");
  }

  @Test void theSpecNormalisesNamesAndAnEmptyListIsTheDefault() {
    ClientKeySpec spec = new ClientKeySpec("k", List.of(), List.of(" Files", "chat", "files", ""), null, true);
    assertEquals(List.of("files", "chat"), spec.allowedEndpoints());
    assertEquals(List.of(), texts(spec.problems()));
    assertNull(new ClientKeySpec("k", List.of(), List.of(" "), null, true).allowedEndpoints());
    assertNull(new ClientKeySpec("k", List.of("m"), null, true).allowedEndpoints());
  }

  @Test void theSpecRefusesUnknownNamesNamingThemAndTheKnownOnes() {
    List<String> one = texts(new ClientKeySpec("k", List.of(), List.of("chat", "filez"), null, true).problems());
    assertEquals(1, one.size(), one::toString);
    assertTrue(one.get(0).startsWith("allowedEndpoints: 'filez' is not an endpoint name; known: chat, "), one.get(0));
    List<String> two = texts(new ClientKeySpec("k", List.of(), List.of("a", "chat/completions"), null, true).problems());
    assertTrue(two.get(0).startsWith("allowedEndpoints: 'a', 'chat/completions' are not endpoint names"), two.get(0));
    assertEquals(List.of(), texts(new ClientKeySpec("k", List.of(), List.of("other"), null, true).problems()));
  }

  /** Each problem as the admin API's message words it. */
  private static List<String> texts(List<Problem> problems) {
    return problems.stream().map(Problem::toString).toList();
  }
}
