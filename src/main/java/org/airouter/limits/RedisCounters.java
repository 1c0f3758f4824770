package org.airouter.limits;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Counters in Redis, shared by every instance that points at it. Each operation is one Lua script, which Redis runs
 * atomically: check every bucket, then take from all or none, so the instances together never admit more than a limit.
 * One Lettuce connection (thread-safe, pipelined) serves every thread; a command waits at most the timeout, and while
 * Redis is unreachable commands fail at once (they are not queued), so the caller can fail open or closed promptly.
 * Keys share one hash tag, so a Redis Cluster keeps them in one slot and the scripts stay legal.
 */
public class RedisCounters implements CounterStore {
  private final String prefix;

  private static final String RESERVE = """
      local n = #KEYS
      local values = {}
      for i = 1, n do
        local limit = tonumber(ARGV[3 * i - 2])
        local amount = tonumber(ARGV[3 * i - 1])
        local v = tonumber(redis.call('GET', KEYS[i]) or '0')
        values[i] = v
        local fits
        if amount == 0 then fits = v < limit else fits = v + amount <= limit end
        if not fits then
          local out = {i}
          for j = 1, n do out[j + 1] = values[j] or 0 end
          return out
        end
      end
      local out = {0}
      for i = 1, n do
        local ttl = tonumber(ARGV[3 * i])
        out[i + 1] = redis.call('INCRBY', KEYS[i], ARGV[3 * i - 1])
        if ttl > 0 then redis.call('PEXPIRE', KEYS[i], ttl) end
      end
      return out
      """;

  private static final String ADJUST = """
      for i = 1, #KEYS do
        if redis.call('EXISTS', KEYS[i]) == 1 then
          local v = redis.call('INCRBY', KEYS[i], ARGV[i])
          if v < 0 then redis.call('SET', KEYS[i], 0, 'KEEPTTL') end
        end
      end
      return 0
      """;

  private final RedisClient client;
  private final String where;
  private final Duration timeout;
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile String reserveSha;
  private volatile String adjustSha;

  /** @param url e.g. {@code redis://127.0.0.1:6379}; nothing is connected until the first call */
  public RedisCounters(String url, Duration timeout) { this(url, timeout, "airouter"); }

  /**
   * @param namespace what every key starts with, so that routers of different clusters (staging, production) can
   *                  share one Redis without sharing counters: their key ids overlap
   */
  public RedisCounters(String url, Duration timeout, String namespace) {
    this.prefix = namespace + ":{limits}:";
    RedisURI uri = RedisURI.create(url);
    uri.setTimeout(timeout);
    this.where = uri.getHost() + ":" + uri.getPort();
    this.timeout = timeout;
    this.client = RedisClient.create(uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(timeout))
        .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
        .build());
  }

  @Override public Reserved reserve(List<Bucket> buckets) {
    String[] keys = new String[buckets.size()];
    String[] args = new String[buckets.size() * 3];
    for (int i = 0; i < buckets.size(); i++) {
      Bucket b = buckets.get(i);
      keys[i] = prefix + b.key();
      args[3 * i] = Long.toString(b.limit());
      args[3 * i + 1] = Long.toString(b.amount());
      args[3 * i + 2] = Long.toString(b.ttlMillis());
    }
    List<Object> out = script(true, keys, args);
    long[] values = new long[buckets.size()];
    for (int i = 0; i < values.length; i++) values[i] = ((Number) out.get(i + 1)).longValue();
    int refused = ((Number) out.get(0)).intValue();
    return new Reserved(refused - 1, values);
  }

  @Override public void adjust(List<String> keys, long[] deltas) {
    if (keys.isEmpty()) return;
    String[] k = new String[keys.size()];
    String[] args = new String[keys.size()];
    for (int i = 0; i < k.length; i++) {
      k[i] = prefix + keys.get(i);
      args[i] = Long.toString(deltas[i]);
    }
    script(false, k, args);
  }

  @Override public void seed(String key, long value, long ttlMillis) {
    SetArgs nx = SetArgs.Builder.nx();
    if (ttlMillis > 0) nx = nx.px(ttlMillis);
    SetArgs args = nx;
    call(c -> c.set(prefix + key, Long.toString(value), args));
  }

  @Override public long[] read(List<String> keys) {
    String[] k = keys.stream().map(key -> prefix + key).toArray(String[]::new);
    long[] values = new long[k.length];
    if (k.length == 0) return values;
    List<KeyValue<String, String>> found = call(c -> c.mget(k));
    for (int i = 0; i < values.length; i++) {
      values[i] = found.get(i).hasValue() ? Long.parseLong(found.get(i).getValue()) : 0;
    }
    return values;
  }

  @Override public String describe() { return "Redis at " + where; }

  /** For tests: what an operator's SCRIPT FLUSH (or a Redis restarted empty) does to the loaded scripts. */
  protected void scriptFlush() { call(RedisCommands::scriptFlush); }

  @Override public void close() {
    StatefulRedisConnection<String, String> c = connection;
    if (c != null) c.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  private List<Object> script(boolean reserve, String[] keys, String[] args) {
    return call(c -> {
      String sha = reserve ? reserveSha : adjustSha;
      if (sha == null) sha = load(c, reserve);
      try {
        return c.evalsha(sha, ScriptOutputType.MULTI, keys, args);
      } catch (RedisNoScriptException flushed) {   // SCRIPT FLUSH, or a Redis restarted empty
        return c.evalsha(load(c, reserve), ScriptOutputType.MULTI, keys, args);
      }
    });
  }

  private String load(RedisCommands<String, String> c, boolean reserve) {
    String sha = c.scriptLoad(reserve ? RESERVE : ADJUST);
    if (reserve) reserveSha = sha; else adjustSha = sha;
    return sha;
  }

  private <T> T call(Function<RedisCommands<String, String>, T> command) {
    try {
      return command.apply(connection().sync());
    } catch (RuntimeException e) {
      throw new Unavailable("Redis at " + where + ": " + e.getMessage(), e);
    }
  }

  /**
   * The connection, made on first use. Once made, Lettuce reconnects it by itself. While no first connection could
   * be made, one attempt a second at most: the requests in between fail at once instead of each waiting a timeout.
   */
  private StatefulRedisConnection<String, String> connection() {
    StatefulRedisConnection<String, String> c = connection;
    if (c != null) return c;
    synchronized (this) {
      if (connection == null) {
        long now = System.nanoTime();
        if (now - nextConnectAt < 0) throw new IllegalStateException("not connected; next attempt within a second");
        nextConnectAt = now + 1_000_000_000L;
        StatefulRedisConnection<String, String> fresh = client.connect();
        fresh.setTimeout(timeout);
        connection = fresh;
      }
      return connection;
    }
  }

  private long nextConnectAt = System.nanoTime();
}
