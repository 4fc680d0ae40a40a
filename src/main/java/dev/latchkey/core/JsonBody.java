package dev.latchkey.core;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;

/**
 * A response body written straight to the wire, for answers too large to build in memory first (the permission
 * graph, every membership). A service returns one after its checks have passed; it does its reading while it writes,
 * so a failure after the first byte can only cut the response short, never turn it into another status.
 */
@FunctionalInterface
public interface JsonBody {
    void writeTo(JsonGenerator out) throws IOException;
}
