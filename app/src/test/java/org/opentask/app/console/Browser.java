package org.opentask.app.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The system's headless Chromium, driven through the system's chromedriver. Both paths are given, so Selenium
 * Manager is never asked to find or download anything, and Chromium starts with everything that would reach
 * out to the network switched off.
 */
final class Browser implements AutoCloseable {

    static final String CHROMIUM = System.getProperty("opentask.test.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("opentask.test.chromedriver", "/usr/bin/chromedriver");

    /** Where screenshots go: target/screenshots, or the folder named by -Dopentask.screenshots (docs/screenshots). */
    static final Path SCREENSHOTS = Path.of(System.getProperty("opentask.screenshots", "target/screenshots"));

    static {
        // belt and braces: even if some path above were wrong, Selenium Manager stays offline
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    }

    static final int WIDTH = 1360;

    final ChromeDriver driver;
    private final Path profile;

    static boolean installed() {
        return new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
    }

    static String whyNotInstalled() {
        return "No headless browser here (" + CHROMIUM + " and " + CHROMEDRIVER + " are needed): the console's"
                + " browser tests are skipped. Install Debian's chromium and chromium-driver, as .ci/run does.";
    }

    Browser() throws IOException {
        profile = Files.createTempDirectory("opentask-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--disable-default-apps", "--disable-extensions",
                "--no-default-browser-check", "--metrics-recording-only", "--window-size=1360,1000",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    /** Saves what the browser shows as {@code name}.png, the whole page high. */
    void screenshot(String name) throws IOException {
        Number height = (Number) driver.executeScript(
                "return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)");
        Map<String, Object> metrics = Map.of("width", WIDTH, "height", Math.min(4000, Math.max(700, height.intValue())),
                "deviceScaleFactor", 1, "mobile", false);
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", metrics);
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
