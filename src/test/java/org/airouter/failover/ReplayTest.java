package org.airouter.failover;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Issue 16, item 3: endpoints with side effects are never sent twice. */
class ReplayTest {
  @Test void statelessGenerationIsReplayable() {
    for (String path : new String[] {"/chat/completions", "/completions", "/messages", "/embeddings", "/moderations",
        "/messages/count_tokens", "/images/generations", "/images/edits", "/audio/speech", "/audio/transcriptions",
        "/audio/translations"}) {
      assertTrue(Replay.allowed("POST", path, null, null), path);
    }
  }

  @Test void storedChatCompletionsAreNotReplayed() {
    assertFalse(Replay.allowed("POST", "/chat/completions", true, null));
    assertTrue(Replay.allowed("POST", "/chat/completions", false, null));
  }

  @Test void responsesAreReplayedOnlyWhenNotStoredAndNotInTheBackground() {
    assertFalse(Replay.allowed("POST", "/responses", null, null), "the Responses API stores by default");
    assertFalse(Replay.allowed("POST", "/responses", true, null));
    assertFalse(Replay.allowed("POST", "/responses", false, true));
    assertTrue(Replay.allowed("POST", "/responses", false, null));
    assertTrue(Replay.allowed("POST", "/responses", false, false));
  }

  @Test void filesBatchesFineTuningAndEverythingUnlistedAreNeverReplayed() {
    for (String path : new String[] {"/files", "/uploads", "/batches", "/fine_tuning/jobs", "/vector_stores",
        "/assistants", "/threads/t/runs", "/conversations", "/responses/resp_1/cancel", "/realtime/sessions",
        "/containers", "/some/new/endpoint"}) {
      assertFalse(Replay.allowed("POST", path, null, null), path);
    }
  }

  @Test void onlyPostIsReplayed() {
    assertFalse(Replay.allowed("GET", "/chat/completions", null, null));
    assertFalse(Replay.allowed("DELETE", "/files/file-1", null, null));
  }
}
