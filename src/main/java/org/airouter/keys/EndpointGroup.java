package org.airouter.keys;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The /v1 endpoints a client key may reach, by the stable names of the config file, the admin API and the console.
 * Inference groups are exact paths (a model-bearing request, or the model list the key's allowlist already
 * filters); account groups are a whole subtree on the shared provider account, any method; {@code other} is every
 * /v1 path no group names. Names are only ever added, and a path only moves out of {@code other}.
 */
public enum EndpointGroup {
  // inference: the exact paths the router knows by name
  CHAT("chat"), COMPLETIONS("completions"), EMBEDDINGS("embeddings"), IMAGES("images"), AUDIO("audio"),
  MODERATIONS("moderations"), RESPONSES("responses"), MESSAGES("messages"), MODELS("models"),
  // the shared account's state: every path under /v1/<name>, any method
  FILES("files"), BATCHES("batches"), UPLOADS("uploads"), FINE_TUNING("fine_tuning"), VECTOR_STORES("vector_stores"),
  ASSISTANTS("assistants"), THREADS("threads"),
  OTHER("other");

  /** What a key limited to some models reaches when it names no endpoints: inference, never the account's state. */
  public static final Set<EndpointGroup> INFERENCE = Collections.unmodifiableSet(EnumSet.of(CHAT, COMPLETIONS,
      EMBEDDINGS, IMAGES, AUDIO, MODERATIONS, RESPONSES, MESSAGES, MODELS));
  public static final Set<EndpointGroup> ALL = Collections.unmodifiableSet(EnumSet.allOf(EndpointGroup.class));
  private static final EndpointGroup[] SUBTREES = {FILES, BATCHES, UPLOADS, FINE_TUNING, VECTOR_STORES, ASSISTANTS,
      THREADS};

  private final String id;

  EndpointGroup(String id) { this.id = id; }

  public String id() { return id; }

  public static Optional<EndpointGroup> byId(String id) {
    for (EndpointGroup g : values()) if (g.id.equals(id)) return Optional.of(g);
    return Optional.empty();
  }

  /** Every name, in the order the documentation lists them. */
  public static String ids() { return ALL.stream().map(EndpointGroup::id).collect(Collectors.joining(", ")); }

  /**
   * The group of a path (relative to /v1) that is not one of the router's named inference endpoints: the account
   * group whose name is its first segment ({@code /files}, {@code /files/abc/content}), else {@link #OTHER}.
   * No allocation: this runs on every such request.
   */
  public static EndpointGroup ofOtherPath(String path) {
    for (EndpointGroup g : SUBTREES) {
      int end = 1 + g.id.length();
      if (path.length() >= end && path.charAt(0) == '/' && path.startsWith(g.id, 1)
          && (path.length() == end || path.charAt(end) == '/')) {
        return g;
      }
    }
    return OTHER;
  }

  /**
   * What a key reaches: exactly its explicit list; without one, inference only if it is limited to some models
   * (naming an allowed model in a body must not open the account's files or batches), else everything.
   */
  public static Set<EndpointGroup> reach(boolean modelsLimited, List<String> explicit) {
    if (explicit == null) return modelsLimited ? INFERENCE : ALL;
    EnumSet<EndpointGroup> set = EnumSet.noneOf(EndpointGroup.class);
    for (String id : explicit) byId(id).ifPresent(set::add);
    return Collections.unmodifiableSet(set);
  }
}
