package dev.latchkey.ui;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

/**
 * Headless Debian Chromium driven the way a person uses the UI: by visible button texts, link texts and field
 * labels. No Selenium Manager: the driver and browser paths are given explicitly, and the profile is a fresh
 * temporary directory that is deleted on close.
 */
final class Browser implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    final String base;
    private final Path profile;
    private final WebDriverWait wait;

    private Browser(String base) {
        this.base = base;
        try {
            this.profile = Files.createTempDirectory("latchkey-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = HeadlessChromium.options(profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        this.driver = HeadlessChromium.start(options);
        try {
            this.wait = new WebDriverWait(driver, Duration.ofSeconds(10));
            viewport(1280, 800);
            // The Copy button writes to the clipboard; the test reads it back to check what a person would paste.
            driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", base,
                    "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        } catch (RuntimeException e) { // a browser that never reached its test must not outlive it
            close();
            throw e;
        }
    }

    static Browser open(String base) { return new Browser(base); }

    /** An exact viewport, e.g. 1280x800 (laptop) or 390x844 (phone). */
    Browser viewport(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", width < 600));
        return this;
    }

    Browser go(String path) {
        driver.get(base + path);
        return this;
    }

    /** Signs in on the sign-in page, as a person would, and waits for the home page. */
    Browser signIn(String email, String password) {
        go("/auth/login").type("Email address", email).type("Password", password).click("Sign in");
        wait.until(d -> path().equals("/"));
        return sees("Hello, ");
    }

    /** Signs out from the gear menu in the upper right. */
    Browser signOut() {
        click("Settings menu").click("Sign out");
        wait.until(d -> path().equals("/auth/login"));
        return this;
    }

    String path() {
        String url = driver.getCurrentUrl();
        return url.startsWith(base) ? url.substring(base.length()) : url;
    }

    /** A button (or link styled as one) by its visible text or accessible name, when it can be clicked. */
    WebElement button(String label) {
        return visible("//*[(self::button or self::a or @role='menuitem')"
                + " and (normalize-space(.)=" + quote(label) + " or @aria-label=" + quote(label) + ")]", true);
    }

    Browser click(String label) {
        retryOnStale(() -> button(label).click());
        return this;
    }

    Browser clickLink(String text) {
        retryOnStale(() -> visible("//a[normalize-space(.)=" + quote(text) + "]", true).click());
        return this;
    }

    /** The input, select or textarea whose <label> reads exactly `label`. */
    WebElement field(String label) {
        String id = visible("//label[normalize-space(.)=" + quote(label) + "]", false).getAttribute("for");
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    Browser type(String label, String text) {
        WebElement f = field(label);
        f.sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"), org.openqa.selenium.Keys.BACK_SPACE);
        if (!text.isEmpty()) f.sendKeys(text);
        return this;
    }

    /** Ticks or unticks the checkbox whose label reads `label` (extra hint text in the label is ignored). */
    Browser check(String label) {
        retryOnStale(() -> visible("//label[normalize-space(.)=" + quote(label) + " or span[1][normalize-space(.)="
                + quote(label) + "]][.//input[@type='checkbox']]", true).click());
        return this;
    }

    Browser choose(String label, String option) {
        new Select(field(label)).selectByVisibleText(option);
        return this;
    }

    /** Waits until the page (outside hidden parts) shows the text somewhere. */
    Browser sees(String text) {
        wait.until(d -> bodyText().contains(text));
        return this;
    }

    Browser doesNotSee(String text) {
        wait.until(d -> !bodyText().contains(text));
        return this;
    }

    String bodyText() {
        try {
            return driver.findElement(By.tagName("body")).getText();
        } catch (StaleElementReferenceException e) {
            return "";
        }
    }

    /** The text of the open modal dialog, once it contains `expected` (modals open after their request returns). */
    String modalText(String expected) {
        wait.until(d -> {
            try {
                return openModal().getText().contains(expected);
            } catch (StaleElementReferenceException e) {
                return false;
            }
        });
        return openModal().getText();
    }

    WebElement openModal() {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dialog[open]")));
    }

    Browser noModal() {
        wait.until(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
        return this;
    }

    /** The table row that mentions `text` (e.g. a key name), waiting for it to appear. */
    WebElement row(String text) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath(rowXpath(text))));
    }

    /** The text of the row that mentions `text`, or "" while the table is being re-rendered. */
    String rowText(String text) {
        try {
            return row(text).getText();
        } catch (StaleElementReferenceException e) {
            return "";
        }
    }

    /** The text of the row that mentions `key`, once it shows every `expected` text (rows re-render after saves). */
    String rowShowing(String key, String... expected) {
        wait.until(d -> {
            String t = rowText(key);
            return !t.isEmpty() && java.util.Arrays.stream(expected).allMatch(t::contains);
        });
        return wait.until(d -> { String t = rowText(key); return t.isEmpty() ? null : t; });
    }

    Browser noRow(String text) {
        wait.until(d -> d.findElements(By.xpath(rowXpath(text))).isEmpty());
        return this;
    }

    private static String rowXpath(String text) {
        return "//tr[td[normalize-space(.)=" + quote(text) + " or .//*[normalize-space(.)=" + quote(text) + "]]]";
    }

    Browser clickInRow(String rowText, String label) {
        retryOnStale(() -> row(rowText).findElement(By.xpath(
                ".//button[@aria-label=" + quote(label) + " or normalize-space(.)=" + quote(label) + "]")).click());
        return this;
    }

    /** Waits for any condition a test states (e.g. a row's text to change). */
    Browser wait(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
        wait.until(condition::apply);
        return this;
    }

    /**
     * Script errors and Content-Security-Policy violations logged since the last call. Failed requests are left
     * out: the UI expects some (401 before sign-in, 400 on a duplicate name) and shows them to the person.
     */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !m.contains("Failed to load resource"))
                .toList();
    }

    Object js(String script, Object... args) { return ((JavascriptExecutor) driver).executeScript(script, args); }

    /** What the clipboard holds, read the way a paste would. */
    String clipboard() {
        return (String) ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('ERROR ' + e));");
    }

    String activeElementDescription() {
        return (String) js("const e = document.activeElement; return e ? (e.getAttribute('aria-label') || e.textContent || e.id || e.tagName).trim() : '';");
    }

    Browser screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * The first displayed element matching the XPath, re-evaluated on every poll; while a modal is open only
     * elements inside it count, since the page behind it is inert.
     */
    private WebElement visible(String xpath, boolean enabled) {
        return wait.until(d -> {
            boolean modal = !d.findElements(By.cssSelector("dialog[open]")).isEmpty();
            for (WebElement e : d.findElements(By.xpath(modal ? "(" + xpath + ")[ancestor::dialog[@open]]" : xpath))) {
                try {
                    if (e.isDisplayed() && (!enabled || e.isEnabled())) return e;
                } catch (StaleElementReferenceException ignored) {
                    // re-rendered while we looked; the next poll finds the new one
                }
            }
            return null;
        });
    }

    private void retryOnStale(Runnable action) {
        for (int attempt = 0; ; attempt++) {
            try {
                action.run();
                return;
            } catch (StaleElementReferenceException e) {
                if (attempt == 3) throw e;
            }
        }
    }

    static String quote(String s) {
        if (!s.contains("'")) return "'" + s + "'";
        if (!s.contains("\"")) return "\"" + s + "\"";
        return "concat('" + s.replace("'", "',\"'\",'") + "')";
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            HeadlessChromium.deleteProfile(profile);
        }
    }
}
