package org.airouter.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.airouter.secrets.Redactor;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;

/**
 * An upstream error answer while it is read: held back, never passed on as it is, because the client must get it
 * OpenAI-shaped (or Anthropic-shaped) and without the route's secrets. Only its start is kept: an error body that
 * goes on for more than {@link #MAX_BODY} bytes is not an error message anyone reads. Not thread-safe.
 */
final class UpstreamErrorBody {
  private static final int MAX_BODY = 64 * 1024;

  private final int status;
  private final Header[] headers;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  UpstreamErrorBody(int status, Header[] headers) {
    this.status = status;
    this.headers = headers;
  }

  /** Takes in what the buffer holds (all of it is consumed, not all kept). */
  void add(ByteBuffer src) {
    int keep = Math.min(src.remaining(), MAX_BODY - body.size());
    if (keep > 0) {
      byte[] part = new byte[keep];
      src.get(part);
      body.write(part, 0, keep);
    }
    src.position(src.limit());
  }

  /** What the client gets instead: the reshaped error and the headers to send with it. */
  Reply reply(AnswerShape shape, Redactor redactor) {
    AnswerShape.ErrorReply error = shape.error(status, body.toByteArray(), body.size(), redactor);
    List<Header> out = new ArrayList<>(ForwardedHeaders.ofError(headers, error.retryAfter()));
    if (error.noRetry()) out.add(new BasicHeader("x-should-retry", "false"));   // the OpenAI and Anthropic SDKs obey it
    return new Reply(error, out, new RelayOutcome.Failure(status, retryAfter(), error.code(), null));
  }

  private String retryAfter() {
    for (Header header : headers) if (header.getName().equalsIgnoreCase("retry-after")) return header.getValue();
    return null;
  }

  /** The client's error answer, and the failure as the relay's owner is told of it. */
  record Reply(AnswerShape.ErrorReply error, List<Header> headers, RelayOutcome.Failure failure) {}
}
