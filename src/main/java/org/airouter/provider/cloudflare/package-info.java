/** Cloudflare Workers AI through its OpenAI-compatible endpoint: OpenAI's passthrough at the account's address. */
package org.airouter.provider.cloudflare;
