package ai.buena.leads.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The service opens no tunnels: a {@code CONNECT} is answered like any request of an unknown route
 * and its connection closed after the answer. Jetty keeps a CONNECT's connection open whatever the
 * request's {@code Connection} header says, so a client reading to the end of the answer would
 * wait until the idle timeout.
 */
final class NoTunnels extends Handler.Wrapper {
  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    closeAfterAConnect(request, response);
    return super.handle(request, response, callback);
  }

  static void closeAfterAConnect(Request request, Response response) {
    if (HttpMethod.CONNECT.is(request.getMethod())) {
      response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    }
  }
}
