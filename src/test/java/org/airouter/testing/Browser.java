package org.airouter.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium through its chromedriver, nothing downloaded (Selenium Manager is never asked: both
 * paths are given). Helpers for the console tests: colour scheme and viewport emulation, screenshots, browser logs.
 *
 * <p>A console test class registers one for all its tests, {@code @RegisterExtension static final Browser browser =
 * Browser.perClass();}: before the class it skips the tests (with the reason) when Chromium is missing, else starts it
 * at a 1280×800 desktop viewport; after the class it quits. {@link #start()} gives one to manage by hand.
 */
public final class Browser implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  public static final Path CHROMIUM = Paths.get(System.getProperty("airouter.chromium", "/usr/bin/chromium"));
  public static final Path CHROMEDRIVER = Paths.get(System.getProperty("airouter.chromedriver", "/usr/bin/chromedriver"));

  private ChromeDriver driver;
  private Path profile;

  private Browser() { }

  public static boolean available() { return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER); }

  public static String missing() {
    return "Chromium/chromedriver not installed (" + CHROMIUM + ", " + CHROMEDRIVER + "): run scripts/install-browser.sh";
  }

  /** A started browser, to close when done. */
  public static Browser start() {
    Browser browser = new Browser();
    browser.launch();
    return browser;
  }

  /** One browser for a test class's tests, started before them and quit after them (see above). */
  public static Browser perClass() { return new Browser(); }

  @Override public void beforeAll(ExtensionContext context) {
    Requirements.require(available(), missing());
    launch();
    viewport(1280, 800, false);
  }

  @Override public void afterAll(ExtensionContext context) {
    if (driver != null) close();
  }

  private void launch() {
    try {
      profile = Files.createTempDirectory("airouter-chromium-");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
          "--disable-dev-shm-usage", "--window-size=1280,800", "--user-data-dir=" + profile);
      // Downloads land in the profile without asking (chromedriver applies this to headless Chromium too).
      Path downloads = Files.createDirectories(profile.resolve("downloads"));
      options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
          "download.prompt_for_download", false));
      LoggingPreferences logs = new LoggingPreferences();
      logs.enable(LogType.BROWSER, Level.ALL);
      options.setCapability("goog:loggingPrefs", logs);
      ChromeDriverService service = new ChromeDriverService.Builder()
          .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
      driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
      // A click that submits a form may return before the next page is there (a loaded machine): finds wait for it.
      driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(10));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public WebDriver driver() { return driver; }

  public void open(String url) { driver.get(url); }

  public WebElement find(String css) { return driver.findElement(By.cssSelector(css)); }

  /** Whatever matches now, without waiting (for "is it gone?" checks). */
  public List<WebElement> findAll(String css) {
    driver.manage().timeouts().implicitlyWait(Duration.ZERO);
    try {
      return driver.findElements(By.cssSelector(css));
    } finally {
      driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(10));
    }
  }

  /** An element by id; ids with a colon (Faces client ids) need no escaping this way. */
  public WebElement byId(String id) { return driver.findElement(By.id(id)); }

  /** Waits for the condition; an element replaced by a page load in the meantime just means "look again". */
  public <T> T waitFor(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, Duration.ofSeconds(15))
        .ignoring(StaleElementReferenceException.class)
        .until(condition::apply);
  }

  /**
   * Waits until the page that held {@code element} has been replaced (the answer to a form post has loaded). Asking a
   * node of the old page then fails: stale, or, mid-navigation, ChromeDriver's "node does not belong to the document".
   */
  public void awaitReplaced(WebElement element) {
    waitFor(d -> {
      try {
        element.isEnabled();
        return false;
      } catch (WebDriverException gone) {
        return true;
      }
    });
  }

  public Object script(String js, Object... args) { return driver.executeScript(js, args); }

  /** Emulates {@code prefers-color-scheme} ("light" or "dark"). */
  public void colorScheme(String scheme) {
    driver.executeCdpCommand("Emulation.setEmulatedMedia",
        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
  }

  /** Emulates a screen of this size (a phone when {@code mobile}). */
  public void viewport(int width, int height, boolean mobile) {
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
  }

  /** Saves what the viewport shows as a PNG. */
  public void screenshot(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits for a finished download whose file name ends with {@code suffix} (Chromium writes NAME.crdownload first and
   * renames it when complete), and takes it: the file is moved out of the downloads folder, so the next download of
   * the same name is seen afresh.
   */
  public byte[] awaitDownload(String suffix) {
    Path folder = profile.resolve("downloads");
    Path file = waitFor(d -> {
      try (var files = Files.list(folder)) {
        List<Path> all = files.toList();
        if (all.stream().anyMatch(p -> p.toString().endsWith(".crdownload"))) return null;
        return all.stream().filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst().orElse(null);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    try {
      byte[] bytes = Files.readAllBytes(file);
      Files.delete(file);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The browser console's messages since the last call (CSP violations show up here). */
  public List<String> consoleMessages() {
    return consoleEntries().stream().map(LogEntry::getMessage).toList();
  }

  /** As {@link #consoleMessages()}, with each message's level. */
  public List<LogEntry> consoleEntries() {
    return driver.manage().logs().get(LogType.BROWSER).getAll();
  }

  @Override public void close() {
    driver.quit();
    driver = null;
    try (var files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp folder left behind is harmless
    }
  }
}
