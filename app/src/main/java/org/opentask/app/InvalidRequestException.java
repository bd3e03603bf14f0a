package org.opentask.app;

/** A request a client must change before sending it again; answered with 400 naming the field. */
class InvalidRequestException extends RuntimeException {

    private final String field;

    InvalidRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
