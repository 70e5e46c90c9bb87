package ai.buena.leads.testing;

import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Checks a property on many random cases, each drawn from its own {@link Random} with its own
 * seed. The seeds change from run to run; a failing case names its seed and the command that
 * replays exactly that case ({@code -Dseed=...} runs only it).
 */
public final class Seeded {
  /** The system property that replays one case instead of running them all. */
  public static final String REPLAY_PROPERTY = "seed";

  private Seeded() {}

  /** Runs {@code property} on {@code cases} random cases, or on the one named by {@code -Dseed}. */
  public static void check(int cases, Consumer<Random> property) {
    String test = callingTest();
    String replay = System.getProperty(REPLAY_PROPERTY);
    if (replay != null && !replay.isBlank()) {
      run(Long.parseLong(replay.strip()), property, "the replayed case", test);
      return;
    }
    SplittableRandom seeds = new SplittableRandom();
    for (int i = 1; i <= cases; i++) {
      run(seeds.nextLong(), property, "case " + i + " of " + cases, test);
    }
  }

  private static void run(long seed, Consumer<Random> property, String which, String test) {
    try {
      property.accept(new Random(seed));
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          which + " failed with seed " + seed + "; replay it with: mvn -o -q test -Dtest=" + test
              + " -D" + REPLAY_PROPERTY + "=" + seed + "\n" + e.getMessage(),
          e);
    }
  }

  /** {@code Class#method} of the JUnit test that called {@link #check}, for the replay command. */
  private static String callingTest() {
    return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
        .walk(
            frames ->
                frames
                    .filter(Seeded::isTestMethod)
                    .findFirst()
                    .map(frame -> frame.getDeclaringClass().getSimpleName() + "#" + frame.getMethodName())
                    .orElse("<the test class>"));
  }

  private static boolean isTestMethod(StackWalker.StackFrame frame) {
    try {
      return frame
          .getDeclaringClass()
          .getDeclaredMethod(frame.getMethodName(), frame.getMethodType().parameterArray())
          .isAnnotationPresent(Test.class);
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
