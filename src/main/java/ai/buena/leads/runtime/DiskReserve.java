package ai.buena.leads.runtime;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much of the data directory's volume stays free ({@code --min-free-disk}): below it the
 * projection pauses (DiskSpaceGuard). {@code auto} keeps the smaller of 1 GiB and a tenth of the
 * volume; {@code 0} never pauses.
 *
 * @param bytes the reserve, or -1 for {@code auto}
 */
public record DiskReserve(long bytes) {
  public static final DiskReserve AUTO = new DiskReserve(-1);
  public static final DiskReserve OFF = new DiskReserve(0);
  static final long AUTO_CAP_BYTES = 1L << 30;
  private static final long MIB = 1L << 20;
  private static final Pattern SIZE = Pattern.compile("(\\d{1,7})(MiB|GiB)");

  public DiskReserve {
    if (bytes < -1) {
      throw new IllegalArgumentException("a reserve is -1 (auto) or at least 0 bytes");
    }
  }

  /** Parses {@code auto}, {@code 0} or a size in MiB or GiB such as {@code 512MiB} or {@code 2GiB}. */
  public static DiskReserve parse(String text) {
    String value = text.strip();
    if (value.toLowerCase(Locale.ROOT).equals("auto")) {
      return AUTO;
    }
    if (value.equals("0")) {
      return OFF;
    }
    Matcher size = SIZE.matcher(value);
    if (!size.matches()) {
      throw new IllegalArgumentException(
          "must be auto, 0 or a size in MiB or GiB such as 512MiB or 2GiB");
    }
    long count = Long.parseLong(size.group(1));
    return new DiskReserve(count * (size.group(2).equals("GiB") ? 1024 * MIB : MIB));
  }

  public boolean off() {
    return bytes == 0;
  }

  /** The bytes kept free on a volume of {@code volumeBytes}. */
  public long bytesOn(long volumeBytes) {
    return bytes >= 0 ? bytes : Math.min(AUTO_CAP_BYTES, volumeBytes / 10);
  }

  @Override
  public String toString() {
    return bytes < 0 ? "auto" : bytes == 0 ? "0" : bytes / MIB + "MiB";
  }
}
