package dev.latchkey.docs;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.core.Json;

import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Map;

/**
 * JSON Schemas (2020-12, as OpenAPI 3.1 uses) of the response records, derived from the records themselves through
 * the same Jackson configuration that writes them, so a field added to a view is documented without anyone
 * remembering to. Primitive components are required and non-null; reference types may be null.
 */
final class Schemas {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final ObjectNode components = F.objectNode();

    ObjectNode components() { return components; }

    /** The schema of a Java type: a $ref for a record (added to the components once), inline otherwise. */
    ObjectNode of(Type type) { return of(Json.MAPPER.getTypeFactory().constructType(type), false); }

    private ObjectNode of(JavaType t, boolean nullable) {
        Class<?> raw = t.getRawClass();
        if (raw.isRecord()) return nullable ? anyOf(ref(t), typed("null")) : ref(t);
        if (t.isCollectionLikeType() || t.isArrayType() || Collection.class.isAssignableFrom(raw)) {
            ObjectNode s = typed("array", nullable);
            s.set("items", of(t.getContentType(), false));
            return s;
        }
        if (t.isMapLikeType() || Map.class.isAssignableFrom(raw)) {
            ObjectNode s = typed("object", nullable);
            JavaType value = t.getContentType();
            if (value != null && value.getRawClass() != Object.class) s.set("additionalProperties", of(value, false));
            return s;
        }
        if (raw == long.class || raw == int.class) return typed("integer", false);
        if (raw == Long.class || raw == Integer.class) return typed("integer", nullable);
        if (raw == boolean.class) return typed("boolean", false);
        if (raw == Boolean.class) return typed("boolean", nullable);
        if (raw == double.class || raw == Double.class || raw == float.class) return typed("number", nullable && !raw.isPrimitive());
        if (raw == String.class) return typed("string", nullable);
        if (raw == OffsetDateTime.class) {
            ObjectNode s = typed("string", nullable);
            s.put("format", "date-time");
            return s;
        }
        return F.objectNode(); // Object, JsonNode: any JSON value
    }

    private ObjectNode ref(JavaType t) {
        String name = name(t.getRawClass());
        if (!components.has(name)) {
            components.set(name, F.objectNode()); // placeholder first: records may refer to themselves
            components.set(name, object(t));
        }
        return F.objectNode().put("$ref", "#/components/schemas/" + name);
    }

    private ObjectNode object(JavaType t) {
        BeanDescription bean = Json.MAPPER.getSerializationConfig().introspect(t);
        ObjectNode s = F.objectNode().put("type", "object");
        ObjectNode props = s.putObject("properties");
        ArrayNode required = s.putArray("required");
        for (BeanPropertyDefinition p : bean.findProperties()) {
            if (!p.couldSerialize()) continue;
            JavaType type = p.getPrimaryType();
            props.set(p.getName(), of(type, !type.isPrimitive()));
            var inclusion = p.findInclusion();
            if (inclusion == null || inclusion.getValueInclusion() != com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) {
                required.add(p.getName());
            }
        }
        s.put("additionalProperties", false);
        return s;
    }

    static String name(Class<?> c) {
        return c.getEnclosingClass() != null ? name(c.getEnclosingClass()) + "." + c.getSimpleName() : c.getSimpleName();
    }

    static ObjectNode typed(String type, boolean nullable) {
        ObjectNode s = F.objectNode();
        if (nullable) s.putArray("type").add(type).add("null"); else s.put("type", type);
        return s;
    }

    private static ObjectNode typed(String type) { return F.objectNode().put("type", type); }

    private static ObjectNode anyOf(JsonNode a, JsonNode b) {
        ObjectNode s = F.objectNode();
        s.putArray("anyOf").add(a).add(b);
        return s;
    }
}
