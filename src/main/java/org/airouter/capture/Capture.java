package org.airouter.capture;

import java.time.Instant;

/**
 * The bodies of one captured request as they pass: the request's first bytes, the answer's first bytes as written to
 * the client (a stream's SSE text; an error the router wrote itself), each up to the cap. Its calls come from the
 * container thread (the request), the threads that write the answer and whichever thread ends the exchange, one after
 * another; they are synchronised, never contended.
 */
public final class Capture {
  private final Instant at;
  private final String requestId;
  private final String route;
  private final String key;
  private final String endpoint;
  private final CappedBody request;
  private final CappedBody answer;
  private String requestNote;   // a body that is not text (multipart, audio): said, not kept

  Capture(Instant at, String requestId, String route, String key, String endpoint, int cap) {
    this.at = at;
    this.requestId = requestId;
    this.route = route;
    this.key = key;
    this.endpoint = endpoint;
    this.request = new CappedBody(cap);
    this.answer = new CappedBody(cap);
  }

  public synchronized void request(byte[] body, int offset, int length) { request.add(body, offset, length); }

  /** A body that is not JSON or text is not kept; the capture says what it was. */
  public synchronized void requestNotKept(String contentType, long size) {
    requestNote = "(" + size + " bytes of " + (contentType == null ? "untyped data" : contentType) + ", not captured)";
  }

  /** The request was refused before its body was read to the end: what had come of it is not kept. */
  public synchronized void requestUnread(long received) {
    requestNote = "(not captured: refused before the body was read, " + received + " bytes of it in)";
  }

  /** Answer bytes, as written to the client, in order. */
  public synchronized void answer(byte[] chunk) { answer.add(chunk); }

  synchronized CaptureRecord.Bodies bodies() {
    String requestText = requestNote != null ? requestNote : request.text();
    return new CaptureRecord.Bodies(requestText, request.total(), request.truncated(), answer.text(), answer.total(),
        answer.truncated());
  }

  Instant at() { return at; }
  String requestId() { return requestId; }
  String route() { return route; }
  String key() { return key; }
  String endpoint() { return endpoint; }
}
