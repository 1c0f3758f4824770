package org.airouter.proxy;

import java.util.List;
import org.airouter.config.Settings;

/**
 * The proxy's limits and timeouts, read once at start. {@code bodyMemoryBytes} is what one non-JSON body may keep in
 * memory before the rest goes to disk; {@code bodyMemoryBudgetBytes} what all bodies in flight may hold together.
 */
public record ProxySettings(long maxBodyBytes, int bodyMemoryBytes, long connectTimeoutMs, long firstByteTimeoutMs,
                            long idleTimeoutMs, List<String> corsOrigins, int maxConnections, int ioThreads,
                            long modelsCacheMs, int upstreamBufferBytes, long bodyIdleTimeoutMs,
                            long bodyMemoryBudgetBytes, int maxAnswerBytes, long keepaliveIntervalMs) {

  public static ProxySettings from(Settings s) {
    return new ProxySettings(
        s.getLong("airouter.max-body-bytes", 32L * 1024 * 1024),
        s.getInt("airouter.body-memory-bytes", 1024 * 1024),
        s.getLong("airouter.connect-timeout-ms", 10_000),
        // Reasoning models think for minutes before their first token.
        s.getLong("airouter.first-byte-timeout-ms", 600_000),
        s.getLong("airouter.idle-timeout-ms", 300_000),
        List.of(s.get("airouter.cors-origins", "*").split("\\s*,\\s*")),
        s.getInt("airouter.upstream-max-connections", 4096),
        s.getInt("airouter.upstream-io-threads", Math.max(1, Runtime.getRuntime().availableProcessors() / 2)),
        s.getLong("airouter.models-cache-ms", 300_000),
        s.getInt("airouter.upstream-buffer-bytes", 4 * 1024),
        // A client that announced a body and stopped sending holds a connection and memory: answer 408.
        s.getLong("airouter.body-idle-timeout-ms", 30_000),
        // A quarter of the heap at most, so bodies in flight cannot starve the container's own threads.
        s.getLong("airouter.body-memory-budget-bytes",
            Math.min(256L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 4)),
        // The one answer held whole: a translated (Anthropic, Gemini) answer that is not streamed, rebuilt at its end.
        s.getInt("airouter.max-answer-bytes", 8 * 1024 * 1024),
        // Between two keepalives of a stream still waiting for its first content (issue 16: 15 s); tests shorten it.
        Math.max(100, s.getLong("airouter.keepalive-interval-ms", 15_000)));
  }
}
