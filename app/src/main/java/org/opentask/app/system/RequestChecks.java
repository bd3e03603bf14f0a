package org.opentask.app.system;

/**
 * The checks of a request's text fields and parameters that every call shares: each failure is an
 * {@link InvalidRequestException}, a 400 whose detail names the field.
 */
public final class RequestChecks {

    private RequestChecks() {
    }

    /** {@code value}, which must be given, not blank, and at most {@code maxLength} characters long. */
    public static String requireText(String field, String value, int maxLength) {
        if (value == null) {
            throw new InvalidRequestException(field, field + " is required");
        }
        return optionalText(field, value, maxLength);
    }

    /** As {@link #requireText}, but null passes as null. */
    public static String optionalText(String field, String value, int maxLength) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw new InvalidRequestException(field, field + " must not be blank");
        }
        if (value.length() > maxLength) {
            throw new InvalidRequestException(field,
                    field + " must be at most " + maxLength + " characters, got " + value.length());
        }
        return value;
    }

    /** A query parameter or header given empty ({@code ?assigned_to=}) counts as not given. */
    public static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
