/** OpenAI and OpenAI-compatible relays. */
package org.airouter.provider.openai;
