package org.airouter.failover;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Weighted rendezvous hashing: a sticky key (a user, a header value) picks the same target of a tier every time, in
 * proportion to the weights over many keys, and when a target drops out only the keys that were on it move.
 */
final class StickyHash {
  private StickyHash() {}

  /** The candidate with the highest score for {@code key}; the list holds candidates of weight above zero. */
  static Candidate choose(String key, List<Candidate> tier) {
    Candidate best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (Candidate c : tier) {
      double u = unit(mix(fnv(key) ^ Long.rotateLeft(fnv(c.name()), 31)));
      double score = -c.weight() / Math.log(u);   // ln u < 0; larger weights win proportionally more often
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    return best;
  }

  /** FNV-1a 64 over UTF-8: stable across JVMs and restarts, unlike String.hashCode's spread. */
  private static long fnv(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** SplitMix64's finaliser: spreads every input bit over the output. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Into (0, 1), never 0 or 1, so the logarithm is finite and negative. */
  private static double unit(long h) {
    return ((h >>> 11) + 0.5) / (double) (1L << 53);
  }
}
