package dev.latchkey.metrics;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Test keys: a well-formed key (valid checksum) with the same key id but another secret. */
final class Keys {
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private Keys() {}

    static String withOtherSecret(String key) {
        String body = key.substring(0, 61);
        char c = body.charAt(30);
        body = body.substring(0, 30) + (c == 'A' ? 'B' : 'A') + body.substring(31);
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long v = crc.getValue();
        char[] out = new char[6];
        for (int i = 5; i >= 0; i--) {
            out[i] = BASE62.charAt((int) (v % 62));
            v /= 62;
        }
        return body + new String(out);
    }
}
