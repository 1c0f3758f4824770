/** Anthropic's Messages API: native passthrough, and OpenAI chat completions translated both ways. */
package org.airouter.provider.anthropic;
