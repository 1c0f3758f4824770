package org.airouter.proxy;

import java.util.ArrayList;
import java.util.List;
import org.airouter.capture.Capture;
import org.airouter.capture.Captures;
import org.airouter.routing.ActiveRoute;
import org.airouter.secrets.Redactor;

/**
 * An exchange's payload capture, when capture is on for its route or key: the request body copied once known, the
 * answer as it is written to the client (upstream bytes and the router's own errors alike), handed to the writer when
 * the exchange is recorded. Without capture every call returns at once.
 */
final class CaptureTap {
  private volatile Capture capture;
  private volatile boolean started;   // asked once: the switches are read once per request

  /**
   * The request body is copied up to the cap now, while it is certainly in memory; a body that is not text, or was not
   * read to its end (a refusal while uploading), is not.
   */
  void start(Captures captures, String requestId, String route, String key, String path, RequestBody body,
             boolean bodyWhole, boolean jsonish, String contentType) {
    if (started) return;
    started = true;
    Capture c = captures.start(requestId, route, key, path);
    if (c == null) return;
    if (!bodyWhole) c.requestUnread(body.size());
    else if (jsonish) c.request(body.array(), 0, body.arrayLength());
    else c.requestNotKept(contentType, body.size());
    capture = c;
  }

  void answered(byte[] chunk) {
    Capture c = capture;
    if (c != null) c.answer(chunk);
  }

  /**
   * Once: redacted with the rules of every target of the route matched and of the route that answered (none before
   * routing: the key-shaped patterns still apply).
   */
  void finish(Captures captures, ActiveRoute route, ActiveRoute answering, String model, boolean stream, int status,
              String errorCode) {
    Capture c = capture;
    if (c == null) return;
    capture = null;
    List<Redactor> rules = new ArrayList<>();
    if (route != null) route.targets().forEach(t -> rules.add(t.redactor()));
    if (answering != null && answering != route) answering.targets().forEach(t -> rules.add(t.redactor()));
    captures.finish(c, model, stream, status, errorCode, rules);
  }
}
