package ai.buena.leads.runtime;

public final class Main {
  public static void main(String[] args) {}
}
