package org.airouter.wire;

import java.nio.charset.StandardCharsets;

/** Server-sent events framing, as the OpenAI API writes it. */
public final class Sse {
  public static final String CONTENT_TYPE = "text/event-stream";
  public static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

  private Sse() {}

  public static byte[] frame(String data) {
    return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
  }
}
