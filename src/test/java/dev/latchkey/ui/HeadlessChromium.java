package dev.latchkey.ui;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Debian's chromium and chromedriver as the browser tests and the UI benchmark start them: explicit paths (no Selenium
 * Manager; LATCHKEY_CHROMIUM / LATCHKEY_CHROMEDRIVER override them), headless, a fresh profile directory, a 1280×800
 * window, nothing running in the background.
 */
public final class HeadlessChromium {
    public static final String CHROMEDRIVER = System.getenv().getOrDefault("LATCHKEY_CHROMEDRIVER", "/usr/bin/chromedriver");
    public static final String CHROMIUM = System.getenv().getOrDefault("LATCHKEY_CHROMIUM", "/usr/bin/chromium");

    private HeadlessChromium() {}

    /** The options every browser here starts with; callers may add to them. */
    public static ChromeOptions options(Path profile) {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--window-size=1280,800", "--user-data-dir=" + profile.toAbsolutePath());
        return options;
    }

    /** A driver on a free port; quit() stops the browser and the driver process. */
    public static ChromeDriver start(ChromeOptions options) {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Removes a profile directory (a leftover one is harmless, so failures are ignored). */
    public static void deleteProfile(Path profile) {
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // a leftover temporary profile is harmless
        }
    }
}
