package org.airouter.proxy;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids for responses, logs and usage records: unique enough to find one request, cheap enough for every
 * request. The client's {@code x-request-id} is always the router's, the one its usage record carries; an upstream's
 * own id reaches the client as {@code x-upstream-request-id}, for the provider's support.
 */
public final class RequestIds {
  static final String UPSTREAM_HEADER = "x-upstream-request-id";

  private RequestIds() {}

  public static String next() { return "req_" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE); }

  /** The name under which an upstream response header reaches the client. */
  static String toClient(String upstreamHeader) {
    return upstreamHeader.equalsIgnoreCase("x-request-id") ? UPSTREAM_HEADER : upstreamHeader;
  }
}
