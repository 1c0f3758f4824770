package org.airouter.wire;

/** One server-sent event: its {@code event:} name ("message" when it has none) and its {@code data:} lines joined. */
public record SseEvent(String name, String data) {}
