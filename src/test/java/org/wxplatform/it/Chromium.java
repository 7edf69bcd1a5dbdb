package org.wxplatform.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through chromedriver, for the browser tests: a fresh profile, a
 * download directory of its own, screenshots into {@code target/screenshots/}. Fails naming what is
 * missing when Chromium or chromedriver is (skipped only where WXP_TEST_ALLOW_SKIP=1).
 */
final class Chromium implements AutoCloseable {

    final ChromeDriver driver;
    final Path downloads;
    private final ChromeDriverService service;

    private Chromium(ChromeDriver driver, ChromeDriverService service, Path downloads) {
        this.driver = driver;
        this.service = service;
        this.downloads = downloads;
    }

    /** A browser with a window of {@code width} x {@code height}, its language Chinese. */
    static Chromium start(String test, int width, int height) throws Exception {
        Optional<Path> chromium = executable("WXP_CHROMIUM", "chromium", "chromium-browser", "google-chrome");
        Optional<Path> driverBinary = executable("WXP_CHROMEDRIVER", "chromedriver");
        if (chromium.isEmpty() || driverBinary.isEmpty()) {
            TestEnv.cannotRun(
                    test,
                    (chromium.isEmpty() ? "no chromium" : "no chromedriver")
                            + " on the PATH (apt-get install -y chromium chromium-driver)");
        }
        Path profile = Files.createTempDirectory("wxp-chromium");
        Path downloads = Files.createTempDirectory("wxp-downloads");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height,
                "--lang=zh-CN");
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toString());
        prefs.put("download.prompt_for_download", false);
        prefs.put("intl.accept_languages", "zh-CN,zh");
        options.setExperimentalOption("prefs", prefs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driverBinary.get().toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, height));
        return new Chromium(driver, service, downloads);
    }

    /** A wait that looks again when the page re-rendered what it was looking at (tables reload). */
    WebDriverWait waiting(Duration limit) {
        WebDriverWait wait = new WebDriverWait(driver, limit);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** Saves what the window shows as {@code target/screenshots/<name>.png}. */
    Path screenshot(String name) throws Exception {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Path shot = dir.resolve(name + ".png");
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("screenshot " + shot.toAbsolutePath());
        return shot;
    }

    /** The first of {@code names} on the PATH (or the file named by the environment variable). */
    static Optional<Path> executable(String env, String... names) {
        String given = System.getenv(env);
        if (given != null && Files.isExecutable(Path.of(given))) {
            return Optional.of(Path.of(given));
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(names)
                .flatMap(n -> Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, n)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
