package org.airouter.proxy;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.airouter.failover.ErrorFrame;
import org.airouter.proxy.AnswerQueue.Head;
import org.airouter.proxy.RelayState.Ending;
import org.airouter.secrets.Redactor;
import org.airouter.wire.OpenAiError;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;

/**
 * How one relay ends an answer that went wrong, and what it will tell its owner: the status and error code the client
 * got, and the {@link RelayOutcome.Failure}. Before the commit point a failure replaces whatever was queued with an
 * error answer of its own; after it, a stream gets a last SSE error frame (the SDKs raise on it) and a whole body is
 * cut short. Each failure also ends the {@link RelayState}. Guarded by the relay's lock.
 */
final class ErrorReplies {
  private static final Logger LOG = Logger.getLogger(ErrorReplies.class.getName());
  private final AnswerShape shape;
  private final AnswerQueue queue;
  private final RelayState state;
  private int status;
  private String errorCode;
  private RelayOutcome.Failure failure;

  ErrorReplies(AnswerShape shape, AnswerQueue queue, RelayState state) {
    this.shape = shape;
    this.queue = queue;
    this.state = state;
  }

  /** The status the client gets so far: the upstream's, until an error replaces it. */
  int status() { return status; }

  void status(int upstreamStatus) { status = upstreamStatus; }

  /** The code of the error the client got, or null. */
  String errorCode() { return errorCode; }

  /** An error the upstream ended a stream's body with (already redacted). */
  void errorCode(String code) { errorCode = code; }

  RelayOutcome.Failure failure() { return failure; }

  /** An upstream error answer, read to its end: reshaped, it is the client's answer. */
  void upstreamError(UpstreamErrorBody body, Redactor redactor) {
    UpstreamErrorBody.Reply reply = body.reply(shape, redactor);
    replace(reply.error(), reply.headers());
    failure = reply.failure();
    state.end(Ending.FAILED_BEFORE_COMMIT);
  }

  /**
   * A held stream failed before its first content: an error frame (Anthropic's {@code overloaded_error}, say), or
   * its end with no answer. The error, with the status it stands for, is the client's answer unless the owner tries
   * again.
   */
  void streamFailed(ErrorFrame frame) {
    String code = frame.type() == null ? "upstream_error" : frame.type();
    OpenAiError error = new OpenAiError(frame.status(), frame.message() == null ? "The upstream failed." : frame.message(),
        frame.status() == 429 ? "rate_limit_error" : frame.status() >= 500 ? "upstream_error" : "invalid_request_error",
        null, code);
    replace(shape.reply(error), List.of());
    status = error.status();
    failure = new RelayOutcome.Failure(frame.status(), null, code, null);
    state.end(Ending.FAILED_BEFORE_COMMIT);
  }

  /** A whole body held for translation could not be translated: this error is the answer instead. */
  void unreadable(OpenAiError error) {
    replace(shape.reply(error), List.of());
    failure = new RelayOutcome.Failure(status, null, error.code(), null);
    state.end(Ending.FAILED_BEFORE_COMMIT);
  }

  /** The HTTP client reports the call failed: a timeout, an upstream out of reach, or a connection that broke. */
  void callFailed(Exception cause, boolean streaming, String requestId) {
    boolean timeout = cause instanceof SocketTimeoutException || cause instanceof ConnectTimeoutException
        || cause instanceof TimeoutException;
    if (!(cause instanceof ConnectException || cause instanceof UnknownHostException || timeout)) {
      LOG.log(Level.FINE, "Upstream failed for request " + requestId, cause);
    }
    failed(timeout ? Ending.TIMED_OUT : state.committed() ? Ending.FAILED_AFTER_COMMIT : Ending.FAILED_BEFORE_COMMIT,
        cause, timeout ? OpenAiError.upstreamTimeout() : OpenAiError.upstreamUnavailable(),
        timeout ? OpenAiError.upstreamTimeout() : OpenAiError.upstreamStreamBroken(), streaming);
  }

  /**
   * The upstream call failed or went silent: before the commit point the client gets an error answer instead of
   * the upstream's (a whole-body translation cut short included); after it the answer ends as said above.
   */
  void failed(Ending how, Exception cause, OpenAiError beforeCommit, OpenAiError afterCommit, boolean streaming) {
    OpenAiError error = state.committed() ? afterCommit : beforeCommit;
    if (!state.committed()) {
      replace(shape.reply(beforeCommit), List.of());
    } else {
      if (streaming) {
        queue.add(shape.streamFailure(afterCommit));
        queue.flushWanted();
      } else {
        status = afterCommit.status();   // a truncated body; the client's JSON parser will notice
      }
      errorCode = afterCommit.code();
    }
    failure = new RelayOutcome.Failure(0, null, error.code(), cause);
    state.end(how);
  }

  /** The router stops: a 503 the client may retry elsewhere (before the commit point), or a last error frame. */
  void shuttingDown(boolean streaming) {
    OpenAiError error = OpenAiError.shuttingDown();
    if (state.committed()) {
      failed(Ending.SHUT_DOWN, null, error, error, streaming);
      return;
    }
    replace(AnswerShape.ErrorReply.of(error), List.of(new BasicHeader("retry-after", "1")));
    failure = new RelayOutcome.Failure(0, null, error.code(), null);
    state.end(Ending.SHUT_DOWN);
  }

  private void replace(AnswerShape.ErrorReply error, List<Header> headers) {
    byte[] body = error.body();
    if (queue.opened()) {   // the client has a 200 and keepalives: the error can only be the stream's last frame
      queue.replaceWithFrame(shape.errorFrame(error));
    } else {
      queue.replace(new Head(error.status(), headers, "application/json", body.length), body);
    }
    status = error.status();
    errorCode = error.code();
  }
}
