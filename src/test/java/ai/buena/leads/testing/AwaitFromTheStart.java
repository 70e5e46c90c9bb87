package ai.buena.leads.testing;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes every {@code await()} check its condition at once: Awaitility's default first waits one
 * poll interval (100 ms, or the one given), which a test that awaits a condition that already
 * holds, for each of hundreds of calls, pays each time. Registered for every test class through
 * {@code META-INF/services} and {@code junit-platform.properties}.
 */
public final class AwaitFromTheStart implements BeforeAllCallback {
  @Override
  public void beforeAll(ExtensionContext context) {
    Awaitility.setDefaultPollDelay(Duration.ZERO);
  }
}
