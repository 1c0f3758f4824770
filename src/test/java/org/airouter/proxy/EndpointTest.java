package org.airouter.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.airouter.keys.EndpointGroup;
import org.junit.jupiter.api.Test;

/** Which endpoint group a /v1 path is checked as (the names a key's allowedEndpoints use). */
class EndpointTest {

  private static EndpointGroup group(String path) { return Endpoint.of(path).group(path); }

  @Test void everyNamedEndpointHasItsInferenceGroup() {
    for (Endpoint e : Endpoint.values()) {
      if (e == Endpoint.OTHER) continue;
      assertTrue(EndpointGroup.INFERENCE.contains(e.group("/unused")), e.name());
    }
  }

  @Test void pathsMapToTheDocumentedGroups() {
    Map<String, EndpointGroup> expected = Map.ofEntries(
        Map.entry("/chat/completions", EndpointGroup.CHAT),
        Map.entry("/completions", EndpointGroup.COMPLETIONS),
        Map.entry("/embeddings", EndpointGroup.EMBEDDINGS),
        Map.entry("/images/generations", EndpointGroup.IMAGES),
        Map.entry("/images/edits", EndpointGroup.IMAGES),
        Map.entry("/audio/transcriptions", EndpointGroup.AUDIO),
        Map.entry("/audio/translations", EndpointGroup.AUDIO),
        Map.entry("/audio/speech", EndpointGroup.AUDIO),
        Map.entry("/moderations", EndpointGroup.MODERATIONS),
        Map.entry("/responses", EndpointGroup.RESPONSES),
        Map.entry("/messages", EndpointGroup.MESSAGES),
        Map.entry("/messages/count_tokens", EndpointGroup.MESSAGES),
        Map.entry("/models", EndpointGroup.MODELS),
        Map.entry("/models/gpt-4o", EndpointGroup.MODELS),
        Map.entry("/files", EndpointGroup.FILES),
        Map.entry("/files/file-1", EndpointGroup.FILES),
        Map.entry("/batches", EndpointGroup.BATCHES),
        Map.entry("/uploads/u/parts", EndpointGroup.UPLOADS),
        Map.entry("/assistants", EndpointGroup.ASSISTANTS),
        // stored objects and unnamed paths on the shared account are not inference
        Map.entry("/chat/completions/chatcmpl-1", EndpointGroup.OTHER),
        Map.entry("/responses/resp_1", EndpointGroup.OTHER),
        Map.entry("/images/variations", EndpointGroup.OTHER),
        Map.entry("/chat/completions/", EndpointGroup.OTHER),
        Map.entry("/organization/costs", EndpointGroup.OTHER));
    expected.forEach((path, group) -> assertEquals(group, group(path), path));
  }
}
