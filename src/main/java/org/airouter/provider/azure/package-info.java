/** Azure OpenAI: OpenAI's passthrough with deployment URLs, {@code api-version} and the {@code api-key} header. */
package org.airouter.provider.azure;
