package ai.buena.leads.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of a Linux process, from {@code /proc/<pid>/status}, in bytes. */
record ProcessMemory(long residentBytes, long peakResidentBytes) {

  static ProcessMemory of(long pid) {
    try {
      String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
      return new ProcessMemory(kilobytes(status, "VmRSS:") * 1024, kilobytes(status, "VmHWM:") * 1024);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the memory of process " + pid, e);
    }
  }

  private static long kilobytes(String status, String field) {
    return status.lines()
        .filter(line -> line.startsWith(field))
        .map(line -> line.substring(field.length()).trim().split("\\s+")[0])
        .mapToLong(Long::parseLong)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + field + " in /proc/<pid>/status"));
  }
}
