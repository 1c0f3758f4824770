package org.airouter.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.airouter.proxy.RelayState.Ending;
import org.airouter.proxy.RelayState.Phase;
import org.junit.jupiter.api.Test;

/** Every step from every phase: the legal ones move the relay where it should go, the others are refused. */
class RelayStateTest {

  /** The phases a relay can be in, each reached the way a relay reaches it. */
  private static final Map<String, Supplier<RelayState>> PHASES = new LinkedHashMap<>();
  /** Every step a relay takes. */
  private static final Map<String, Consumer<RelayState>> STEPS = new LinkedHashMap<>();

  static {
    PHASES.put("waiting", RelayState::new);
    PHASES.put("holding", () -> with(new RelayState(), RelayState::headArrived));
    PHASES.put("committed", () -> with(new RelayState(), RelayState::headArrived, RelayState::commit));
    PHASES.put("ending", () -> with(new RelayState(), s -> s.end(Ending.FAILED_BEFORE_COMMIT)));
    PHASES.put("done", () -> with(new RelayState(), s -> s.end(Ending.TIMED_OUT), s -> s.finish(false)));

    STEPS.put("head", RelayState::headArrived);
    STEPS.put("commit", RelayState::commit);
    for (Ending e : Ending.values()) STEPS.put("end " + e, s -> s.end(e));
    STEPS.put("finish", s -> s.finish(false));
    STEPS.put("finish gone", s -> s.finish(true));
  }

  @SafeVarargs
  private static RelayState with(RelayState state, Consumer<RelayState>... steps) {
    for (Consumer<RelayState> step : steps) step.accept(state);
    return state;
  }

  /**
   * Rows: phases; columns: the steps in {@link #STEPS}' order (head, commit, end ANSWERED, FAILED_BEFORE_COMMIT,
   * FAILED_AFTER_COMMIT, TIMED_OUT, SHUT_DOWN, CLIENT_GONE, finish, finish gone). 'y' allowed, '.' refused.
   */
  private static final Map<String, String> ALLOWED = Map.of(
      "waiting",   "y..y.yy..y",
      "holding",   ".yyy.yy..y",
      "committed", "..y.yyy..y",
      "ending",    "........yy",
      "done",      "..........");

  @Test void everyStepIsAllowedOrRefusedAsTheTableSays() {
    int checked = 0;
    for (var phase : PHASES.entrySet()) {
      String row = ALLOWED.get(phase.getKey());
      assertEquals(STEPS.size(), row.length(), phase.getKey());
      int column = 0;
      for (var step : STEPS.entrySet()) {
        RelayState state = phase.getValue().get();
        String before = state.toString();
        boolean allowed = row.charAt(column++) == 'y';
        if (allowed) {
          step.getValue().accept(state);
        } else {
          assertThrows(IllegalStateException.class, () -> step.getValue().accept(state),
              step.getKey() + " in " + phase.getKey());
          assertEquals(before, state.toString(), "a refused step changes nothing: " + step.getKey());
        }
        checked++;
      }
    }
    assertEquals(50, checked);
  }

  @Test void aStreamThatAnswersCommitsThenEndsThenFinishes() {
    RelayState state = new RelayState();
    assertEquals(Phase.WAITING_FOR_HEAD, state.phase());
    state.headArrived();
    assertEquals(Phase.HOLDING, state.phase());
    assertFalse(state.committed());
    state.commit();
    assertEquals(Phase.COMMITTED, state.phase());
    assertTrue(state.committed());
    assertFalse(state.upstreamDone());
    state.end(Ending.ANSWERED);
    assertEquals(Phase.ENDING, state.phase());
    assertTrue(state.upstreamDone());
    assertFalse(state.done());
    assertFalse(state.claimReport(), "nobody reports before the end is written");
    state.finish(false);
    assertTrue(state.done());
    assertEquals(Ending.ANSWERED, state.ending());
    assertTrue(state.claimReport());
    assertFalse(state.claimReport(), "the owner is told once");
  }

  @Test void anUpstreamErrorIsAFailureBeforeCommit() {
    RelayState state = with(new RelayState(), RelayState::headArrived);
    state.end(Ending.FAILED_BEFORE_COMMIT);
    state.finish(false);
    assertEquals(Ending.FAILED_BEFORE_COMMIT, state.ending());
    assertFalse(state.committed());
  }

  @Test void aTimeoutRemembersWhetherTheClientHadTheHead() {
    RelayState before = with(new RelayState(), s -> s.end(Ending.TIMED_OUT));
    RelayState after = with(new RelayState(), RelayState::headArrived, RelayState::commit, s -> s.end(Ending.TIMED_OUT));
    assertFalse(before.committed());
    assertTrue(after.committed());
    assertEquals(Ending.TIMED_OUT, after.ending());
  }

  @Test void aClientThatLeavesEndsItWhateverCameBefore() {
    RelayState mid = with(new RelayState(), RelayState::headArrived, RelayState::commit);
    mid.finish(true);
    assertEquals(Ending.CLIENT_GONE, mid.ending());
    RelayState ending = with(new RelayState(), RelayState::headArrived, RelayState::commit,
        s -> s.end(Ending.ANSWERED));
    ending.finish(true);
    assertEquals(Ending.CLIENT_GONE, ending.ending(), "the client never got the end of the answer");
  }

  @Test void noEndingBeforeTheEnd() {
    assertNull(new RelayState().ending());
    assertNull(with(new RelayState(), RelayState::headArrived, RelayState::commit).ending());
  }
}
