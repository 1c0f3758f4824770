/** Google Gemini through its OpenAI-compatible endpoint: OpenAI's passthrough at Google's address. */
package org.airouter.provider.gemini;
