package org.airouter.proxy;

import java.util.concurrent.ThreadLocalRandom;

/** Request ids for responses and logs: unique enough to find one request, cheap enough for every request. */
final class RequestIds {
  private RequestIds() {}

  static String next() { return "req_" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE); }
}
