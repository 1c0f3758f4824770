package org.airouter.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How {@link ClientHangup} reads the answers of {@code available()} as Tomcat gives them once a body is read (measured
 * in ClientGoneIT): a closed connection answers 1 on every look, a pipelined next request more than 0 once, then 0.
 */
class ClientHangupTest {
  @Test void aClosedConnectionIsGoneAtTheSecondLook() {
    Input in = new Input(0, 1, 1);
    ClientHangup hangup = new ClientHangup(new Async().context(), in);

    assertFalse(hangup.gone(), "nothing to read: still there");
    assertFalse(hangup.gone(), "one look is not enough: it may be a pipelined request");
    assertTrue(hangup.gone());
    assertTrue(hangup.gone(), "gone stays gone");
    assertEquals(3, in.looks, "no look after the verdict");
  }

  @Test void aPipelinedRequestIsNotAHangup() {
    ClientHangup hangup = new ClientHangup(new Async().context(), new Input(5, 0, 0, 0));

    for (int i = 0; i < 4; i++) assertFalse(hangup.gone());
  }

  @Test void anIoErrorIsAHangup() {
    Input in = new Input();
    in.fail = true;

    assertTrue(new ClientHangup(new Async().context(), in).gone());
  }

  @Test void noLookOnceTheContainerIsDone() throws IOException {
    Async async = new Async();
    Input in = new Input(1, 1, 1);
    ClientHangup hangup = new ClientHangup(async.context(), in);

    async.listeners.get(0).onComplete(null);

    assertFalse(hangup.gone());
    assertEquals(0, in.looks, "a completed request may be recycled for another connection");
  }

  @Test void aRecycledStreamEndsTheLooks() {
    Input in = new Input();
    in.recycled = true;
    ClientHangup hangup = new ClientHangup(new Async().context(), in);

    assertFalse(hangup.gone());
    assertFalse(hangup.gone());
    assertEquals(1, in.looks);
  }

  /** Answers available() from a script (0 when it runs out). */
  static final class Input extends ServletInputStream {
    final ArrayDeque<Integer> answers = new ArrayDeque<>();
    int looks;
    boolean fail;
    boolean recycled;

    Input(int... answers) { for (int a : answers) this.answers.add(a); }

    @Override public int available() throws IOException {
      looks++;
      if (recycled) throw new NullPointerException("the facade was discarded");
      if (fail) throw new IOException("connection reset");
      return answers.isEmpty() ? 0 : answers.poll();
    }

    @Override public boolean isFinished() { return true; }

    @Override public boolean isReady() { return false; }

    @Override public void setReadListener(ReadListener listener) { }

    @Override public int read() { return -1; }
  }

  /** An AsyncContext that only collects listeners. */
  static final class Async {
    final List<AsyncListener> listeners = new ArrayList<>();

    AsyncContext context() {
      return (AsyncContext) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {AsyncContext.class}, (proxy, method, args) -> {
            if (method.getName().equals("addListener")) {
              listeners.add((AsyncListener) args[0]);
              return null;
            }
            throw new UnsupportedOperationException(method.getName());
          });
    }
  }
}
