package org.opentask.app.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver of webhooks on a loopback port: it records every request it gets and answers with the
 * status its {@code answer} picks for the n-th request (0 means: never answer). It can be stopped and started again
 * on the same port, as a receiver that goes down and comes back.
 */
final class Receiver implements AutoCloseable {

    /** One request as it arrived. */
    record Request(String id, String timestamp, String signature, String body, long receivedMillis, int answered) {

        /** Whether the signature is the Standard Webhooks one for {@code secret}, checked by code of this test. */
        boolean signedWith(String secret) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())),
                        "HmacSHA256"));
                String expected = "v1," + Base64.getEncoder().encodeToString(
                        mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
                for (String given : signature.split(" ")) {
                    if (given.equals(expected)) {
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private final CountDownLatch never = new CountDownLatch(1);
    private volatile IntUnaryOperator answer;
    private volatile String answerBody = "ok";
    private final AtomicInteger hanging = new AtomicInteger();
    private HttpServer server;
    private int port;

    private Receiver(IntUnaryOperator answer) {
        this.answer = answer;
    }

    /** A receiver that answers every request with {@code status}. */
    static Receiver answering(int status) throws IOException {
        return answering(n -> status);
    }

    static Receiver answering(IntUnaryOperator answer) throws IOException {
        Receiver receiver = new Receiver(answer);
        receiver.start(0);
        return receiver;
    }

    void answerWith(IntUnaryOperator newAnswer) {
        this.answer = newAnswer;
    }

    void answerBody(String body) {
        this.answerBody = body;
    }

    String url() {
        return "http://127.0.0.1:" + port + "/hook";
    }

    /** The requests this receiver holds without answering right now. */
    int hanging() {
        return hanging.get();
    }

    private synchronized void start(int onPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 50);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    /** Goes down: the port refuses connections until {@link #comeBack}. */
    synchronized void goDown() {
        server.stop(0);
    }

    synchronized void comeBack() throws IOException {
        start(port);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int status = answer.applyAsInt(count.getAndIncrement());
        var headers = exchange.getRequestHeaders();
        requests.add(new Request(headers.getFirst("webhook-id"), headers.getFirst("webhook-timestamp"),
                headers.getFirst("webhook-signature"), body, System.currentTimeMillis(), status));
        if (status == 0) {
            hanging.incrementAndGet();
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                hanging.decrementAndGet();
            }
            return;
        }
        byte[] answerBytes = answerBody.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, answerBytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answerBytes);
        }
    }

    /** The requests answered with a 2xx. */
    List<Request> delivered() {
        List<Request> delivered = new ArrayList<>();
        for (Request request : requests) {
            if (request.answered() >= 200 && request.answered() < 300) {
                delivered.add(request);
            }
        }
        return delivered;
    }

    @Override
    public synchronized void close() {
        never.countDown();
        server.stop(0);
    }
}
