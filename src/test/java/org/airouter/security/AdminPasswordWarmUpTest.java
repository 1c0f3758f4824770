package org.airouter.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AdminPasswordWarmUpTest {
  @Test void theWarmUpRunsTheSlowCheckOnceOffTheCallersThreadAndOpensNothing() throws InterruptedException {
    List<String> checked = new CopyOnWriteArrayList<>();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    AdminPasswords passwords = new AdminPasswords(presented -> {
      checked.add(presented);
      threads.add(Thread.currentThread());
      return true;   // even a check that says yes leaves nothing behind
    });
    Thread warmUp = passwords.warmUp();
    warmUp.join(10_000);
    assertFalse(warmUp.isAlive());
    assertEquals(1, checked.size());
    assertNotEquals(Thread.currentThread(), threads.get(0));
    assertTrue(warmUp.isDaemon(), "never holds up a shutdown");
    assertTrue(passwords.matches("the-real-password"));
    assertEquals(2, checked.size(), "a sign-in still runs its own check");
  }
}
