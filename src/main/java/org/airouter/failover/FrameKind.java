package org.airouter.failover;

/** What one relayed SSE frame means for the commit point. */
public enum FrameKind {
  /** Something the client will show or act on: non-empty text (reasoning included), a tool call, a refusal. */
  CONTENT,
  /** Framing only: a role-only or empty chunk, {@code message_start}, {@code ping}, {@code response.created}, usage. */
  PREAMBLE,
  /** The upstream failed inside the stream. */
  ERROR,
  /** The answer is complete ({@code [DONE]}, a finish reason, {@code message_stop}, {@code response.completed}). */
  END
}
