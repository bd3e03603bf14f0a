package org.opentask.app.webhook;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One signed POST to a receiver, bounded in time and in what is kept of the answer: the connection must open
 * within {@code connect-timeout}, the whole answer arrive within {@code request-timeout}, and of its body only the
 * first {@code excerpt-chars} are read into memory.
 */
final class ReceiverCall {

    /** What came of an attempt: a status code when an answer came, else an error. */
    record Outcome(Integer statusCode, String error, String excerpt) {

        boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    private static final int MAX_ERROR = 500;

    private final HttpClient http;
    private final Duration requestTimeout;
    private final int excerptChars;

    ReceiverCall(Duration connectTimeout, Duration requestTimeout, int excerptChars) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.requestTimeout = requestTimeout;
        this.excerptChars = excerptChars;
    }

    Outcome post(URI url, String messageId, long timestampSeconds, String signature, String body) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "OpenTask-Webhooks/1")
                .header("webhook-id", messageId)
                .header("webhook-timestamp", Long.toString(timestampSeconds))
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        CompletableFuture<HttpResponse<String>> answer =
                http.sendAsync(request, info -> new Excerpt(excerptChars));
        try {
            HttpResponse<String> response = answer.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Outcome(response.statusCode(), null, response.body());
        } catch (TimeoutException e) {
            answer.cancel(true);
            return error("no answer within " + requestTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            return error("interrupted: the service was stopping");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return error("no answer within " + requestTimeout.toMillis() + " ms");
            }
            if (cause instanceof ConnectException) {
                return error("could not connect: " + (cause.getMessage() == null ? "refused" : cause.getMessage()));
            }
            return error(cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }
    }

    static Outcome error(String message) {
        return new Outcome(null, message.length() > MAX_ERROR ? message.substring(0, MAX_ERROR) : message, null);
    }

    /** The first {@code limit} characters of a body, the rest read and dropped. */
    private static final class Excerpt implements HttpResponse.BodySubscriber<String> {

        private final int limit;
        private final byte[] kept;
        private int length;
        private final CompletableFuture<String> result = new CompletableFuture<>();

        Excerpt(int limit) {
            this.limit = limit;
            // UTF-8 takes at most four bytes a character
            this.kept = new byte[limit * 4];
        }

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                int take = Math.min(buffer.remaining(), kept.length - length);
                buffer.get(kept, length, take);
                length += take;
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            String text = new String(kept, 0, length, StandardCharsets.UTF_8);
            result.complete(text.length() > limit ? text.substring(0, limit) : text);
        }
    }
}
