package io.venice.events.policies;

/** A request about a policy that its current state does not allow (HTTP 404 or 409), with what to do instead. */
public final class PolicyConflict extends RuntimeException {

    private final int status;

    public PolicyConflict(int status, String message) {
        super(message);
        this.status = status;
    }

    /** 404 (no such policy) or 409 (it exists already, or it is defined in the configuration). */
    public int status() {
        return status;
    }
}
