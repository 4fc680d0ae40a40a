package dev.latchkey.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.core.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The public keys a secret-scanning partner signs its reports with, by key identifier, read from the file
 * LATCHKEY_SECRET_SCANNING_KEYS names, in the shape GitHub publishes them
 * (https://api.github.com/meta/public_keys/secret_scanning):
 * {@code {"public_keys": [{"key_identifier": "...", "key": "-----BEGIN PUBLIC KEY-----..."}]}}. Only ECDSA P-256
 * keys are accepted; a report is good when its Github-Public-Key-Signature (base64 of a DER ECDSA signature) is
 * SHA-256 with ECDSA over the raw body, by the key its Github-Public-Key-Identifier names.
 */
public final class SigningKeys {
    private final Map<String, PublicKey> byIdentifier;

    SigningKeys(Map<String, PublicKey> byIdentifier) { this.byIdentifier = Map.copyOf(byIdentifier); }

    /** Reads the file; a missing file, bad JSON, no key or a key that is not ECDSA P-256 is an error naming it. */
    public static SigningKeys read(Path file) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file.toAbsolutePath() + " as JSON: " + e.getMessage());
        }
        JsonNode keys = root == null ? null : root.get("public_keys");
        if (keys == null || !keys.isArray() || keys.isEmpty()) {
            throw new IllegalArgumentException(file + " must be {\"public_keys\": [{\"key_identifier\": ..., \"key\": PEM}, ...]} with at least one key");
        }
        Map<String, PublicKey> out = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            JsonNode k = keys.get(i);
            String id = k.path("key_identifier").asText("");
            if (id.isBlank()) throw new IllegalArgumentException(file + ": public_keys[" + i + "].key_identifier is missing");
            out.put(id, parsePem(k.path("key").asText(""), file + ": public_keys[" + i + "].key"));
        }
        return new SigningKeys(out);
    }

    /** An ECDSA P-256 public key from PEM (SubjectPublicKeyInfo, "BEGIN PUBLIC KEY"). */
    static PublicKey parsePem(String pem, String where) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        try {
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
            if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
                throw new IllegalArgumentException(where + " must be an ECDSA P-256 public key");
            }
            return key;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(where)) throw (IllegalArgumentException) e;
            throw new IllegalArgumentException(where + " is not a PEM ECDSA P-256 public key (-----BEGIN PUBLIC KEY-----)");
        }
    }

    /** Whether {@code signatureBase64} is a valid signature of {@code body} by the key named {@code identifier}. */
    boolean verify(String identifier, String signatureBase64, byte[] body) {
        PublicKey key = identifier == null ? null : byIdentifier.get(identifier.trim());
        if (key == null || signatureBase64 == null) return false;
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(body);
            return verifier.verify(Base64.getDecoder().decode(signatureBase64.trim()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // not base64, not DER, or not a signature of this body: all the same to the caller
        }
    }
}
