package org.airouter.failover;

/** The shape of the SSE frames the router relays to the client, which decides what counts as content. */
public enum StreamShape {
  /**
   * OpenAI {@code chat.completion.chunk}s (and legacy {@code text_completion} chunks): what OpenAI, Azure, Gemini's
   * OpenAI endpoint and every compatible relay send, and what the router's Anthropic translator emits.
   */
  OPENAI_CHAT,
  /** The OpenAI Responses API's typed events ({@code response.output_text.delta}, ...). */
  OPENAI_RESPONSES,
  /** Anthropic Messages events ({@code message_start}, {@code content_block_delta}, ...), relayed on /v1/messages. */
  ANTHROPIC_MESSAGES;

  /** The shape of a streamed answer to a /v1 path: a translated chat stream is OpenAI chat chunks too. */
  public static StreamShape of(String v1Path) {
    return switch (v1Path) {
      case "/responses" -> OPENAI_RESPONSES;
      case "/messages" -> ANTHROPIC_MESSAGES;
      default -> OPENAI_CHAT;
    };
  }
}
