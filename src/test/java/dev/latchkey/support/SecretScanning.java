package dev.latchkey.support;

import dev.latchkey.core.Json;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for GitHub's secret scanning: a generated ECDSA P-256 key pair, its public key written as GitHub
 * publishes its keys (the file LATCHKEY_SECRET_SCANNING_KEYS names), and signed alert reports.
 */
public final class SecretScanning implements AutoCloseable {
    public static final String KEY_ID = "90a421169f0a406205f1563a953312f0be898d3c7b6c06b681aa86a874555f4a";
    public static final String PATH = "/api/api-key/leaked";
    public static final String URL = "https://github.com/octo/repo/blob/abc123/config.yml#L4";
    public final KeyPair pair;
    public final Path keysFile;

    public SecretScanning() throws Exception {
        pair = newKeyPair();
        keysFile = Files.createTempFile("secret-scanning", ".json");
        Files.writeString(keysFile, publicKeysJson(KEY_ID, pair));
    }

    public static KeyPair newKeyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** GitHub's shape of https://api.github.com/meta/public_keys/secret_scanning. */
    public static String publicKeysJson(String id, KeyPair pair) {
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        return Json.write(Map.of("public_keys", List.of(Map.of("key_identifier", id, "key", pem, "is_current", true))));
    }

    /** Base64 of the DER ECDSA signature (SHA-256) of the body, as in Github-Public-Key-Signature. */
    public static String sign(KeyPair pair, String body) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(pair.getPrivate());
        s.update(body.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(s.sign());
    }

    /** An alert for these tokens, all found at {@link #URL} in content. */
    public static String alert(String... tokens) { return alertAt(URL, tokens); }

    public static String alertAt(String url, String... tokens) {
        return Json.write(Arrays.stream(tokens).map(t -> Map.of("token", t, "type", "latchkey_api_key", "url", url,
                "source", "content")).toList());
    }

    /** Posts the body signed by this pair's key, from the given client. */
    public Api.Response report(Api client, String body) throws Exception {
        return client.header("Github-Public-Key-Identifier", KEY_ID).header("Github-Public-Key-Signature", sign(pair, body))
                .send("POST", PATH, body);
    }

    @Override
    public void close() throws Exception { Files.deleteIfExists(keysFile); }
}
