package org.opentask.app.task;

/**
 * Which {@code callback_url} a create request may name: the webhooks decide, by their settings, and the task API
 * asks them without knowing them.
 */
public interface CallbackUrls {

    /** Without webhooks, no callback URL is accepted. */
    CallbackUrls NONE = url -> {
        throw new IllegalArgumentException("is not accepted: this service sends no callbacks");
    };

    /** The URL to keep with the task; {@link IllegalArgumentException} saying why this one is refused. */
    String check(String url);
}
