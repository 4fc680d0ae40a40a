package dev.latchkey.bench;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** The published checksum (README, "Key format"), re-implemented from the documentation as a scanner would. */
final class Checksum {
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private Checksum() {}

    static String of(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long v = crc.getValue();
        char[] out = new char[6];
        for (int i = 5; i >= 0; i--) {
            out[i] = BASE62.charAt((int) (v % 62));
            v /= 62;
        }
        return new String(out);
    }
}
