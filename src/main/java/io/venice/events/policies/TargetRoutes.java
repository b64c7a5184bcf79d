package io.venice.events.policies;

/** Starts and drops the writer routes of policy targets ({@link PolicyRoutes}; a fake in tests). */
public interface TargetRoutes {

    /** Starts the target's route; one already running is restarted with the new parameters, its progress kept. */
    void start(EventPolicy policy, PolicyTarget target) throws Exception;

    /** Stops and removes the route of the target with this reader name and deletes its progress. */
    void drop(String reader) throws Exception;
}
