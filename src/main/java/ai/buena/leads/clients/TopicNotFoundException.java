package ai.buena.leads.clients;

/**
 * A topic this service needs is not on the cluster: {@code confirmed} when the cluster said so, not
 * when it only did not name the topic in time (which a slow cluster also does).
 */
public final class TopicNotFoundException extends RuntimeException {
  private final boolean confirmed;

  public TopicNotFoundException(String message, boolean confirmed, Throwable cause) {
    super(message, cause);
    this.confirmed = confirmed;
  }

  public boolean confirmed() {
    return confirmed;
  }
}
