package dev.latchkey.web;

/** A feature's HTTP surface: a list of routes, each with its access role. */
public interface Routes {
    void register(Router router);
}
