package org.airouter.proxy;

import java.util.concurrent.ThreadLocalRandom;

/** The {@code x-request-id} of each answer: "req_" and 16 hex digits, so every source of ids looks the same. */
final class RequestIds {
  private RequestIds() {}

  static String next() {
    return "req_" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
  }
}
