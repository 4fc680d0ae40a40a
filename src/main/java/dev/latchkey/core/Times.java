package dev.latchkey.core;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times are stored as epoch milliseconds and sent as ISO-8601 with an offset, as Metabase does. */
public final class Times {
    private Times() {}

    public static OffsetDateTime iso(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC);
    }

    /**
     * The text the wire's mapper writes for {@link #iso}: ISO_OFFSET_DATE_TIME in UTC ("2026-11-30T09:49:02.406Z", the
     * fraction without trailing zeros, none for a whole second), built by hand for 1970–9999 (a formatter call was a
     * fifth of writing 22,000 collections); other years go through the formatter.
     */
    public static String isoText(long epochMillis) {
        if (epochMillis < 0 || epochMillis > 253_402_300_799_999L) return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(iso(epochMillis));
        long seconds = Math.floorDiv(epochMillis, 1000);
        int millis = (int) Math.floorMod(epochMillis, 1000);
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        char[] out = new char[24];
        int n = digits(out, 0, date.getYear(), 4);
        out[n++] = '-';
        n = digits(out, n, date.getMonthValue(), 2);
        out[n++] = '-';
        n = digits(out, n, date.getDayOfMonth(), 2);
        out[n++] = 'T';
        n = digits(out, n, secondOfDay / 3600, 2);
        out[n++] = ':';
        n = digits(out, n, secondOfDay / 60 % 60, 2);
        out[n++] = ':';
        n = digits(out, n, secondOfDay % 60, 2);
        if (millis != 0) {
            out[n++] = '.';
            int width = millis % 100 == 0 ? 1 : millis % 10 == 0 ? 2 : 3;
            n = digits(out, n, width == 1 ? millis / 100 : width == 2 ? millis / 10 : millis, width);
        }
        out[n++] = 'Z';
        return new String(out, 0, n);
    }

    private static int digits(char[] out, int at, int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            out[at + i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
