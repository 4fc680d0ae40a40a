package dev.latchkey.core;

/** Tiny guards that read like Metabase's check-404 / check-403. */
public final class Check {
    private Check() {}

    public static <T> T found(T value) {
        if (value == null) throw AppError.notFound();
        return value;
    }

    public static void permitted(boolean allowed) {
        if (!allowed) throw AppError.forbidden();
    }
}
