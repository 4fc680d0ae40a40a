package dev.latchkey.setup;

import dev.latchkey.web.Body;

/** The body of POST /api/setup: {token, user: {...}, prefs: {site_name}}, read with Metabase's messages. */
final class SetupInputs {
    private SetupInputs() {}

    static SetupService.NewAdmin parse(Body body) {
        Body user = Body.of(objectOrEmpty(body, "user"));
        Body prefs = Body.of(objectOrEmpty(body, "prefs"));
        String token = body.optionalString("token");
        String siteName = prefs.optionalNonBlank("site_name");
        if (siteName == null) siteName = user.optionalNonBlank("site_name");
        if (siteName == null) siteName = prefs.requiredNonBlank("site_name");
        return new SetupService.NewAdmin(token, user.requiredEmail("email"),
                Body.maxLength("first_name", user.optionalNonBlank("first_name"), 254),
                Body.maxLength("last_name", user.optionalNonBlank("last_name"), 254),
                user.optionalString("password"), Body.maxLength("site_name", siteName, 254));
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode objectOrEmpty(Body body, String field) {
        var node = body.get(field);
        if (node == null || node.isNull()) return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        if (!node.isObject()) throw dev.latchkey.core.AppError.invalid(field, "value must be a map.", node.toString());
        return (com.fasterxml.jackson.databind.node.ObjectNode) node;
    }
}
