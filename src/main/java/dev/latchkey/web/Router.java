package dev.latchkey.web;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.JavalinDefaultRoutingApi;

import java.util.List;

/** Registers routes; each one must name its access role, so a route without one cannot exist. */
public final class Router {
    private final JavalinDefaultRoutingApi routes;

    Router(JavalinDefaultRoutingApi routes) { this.routes = routes; }

    /** Also answers HEAD with the same access role, so HEAD gets exactly the status GET gets (Jetty drops the body). */
    public Router get(String path, Access access, Handler handler) {
        add(HandlerType.HEAD, path, access, handler);
        return add(HandlerType.GET, path, access, handler);
    }

    public Router post(String path, Access access, Handler handler) { return add(HandlerType.POST, path, access, handler); }

    public Router put(String path, Access access, Handler handler) { return add(HandlerType.PUT, path, access, handler); }

    public Router delete(String path, Access access, Handler handler) { return add(HandlerType.DELETE, path, access, handler); }

    /** Every method a proxy may forward (GET, HEAD, POST, PUT, PATCH, DELETE), with one access role. */
    public Router any(String path, Access access, Handler handler) {
        for (HandlerType type : List.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE)) {
            add(type, path, access, handler);
        }
        return get(path, access, handler);
    }

    private Router add(HandlerType type, String path, Access access, Handler handler) {
        if (access == null) throw new IllegalStateException("Route " + type + " " + path + " has no access role");
        routes.addHttpHandler(type, path, handler, access);
        return this;
    }
}
