package org.wxplatform.message.async;

/**
 * Fired (synchronously) when a task's pushes are settled: all sent, or failed for good. A module that
 * shows its pushes' fate (the agents' console) observes it; a crash just before the event leaves the task
 * settled in {@code async_task}, where {@link AsyncTasks#settled} still tells.
 *
 * @param error null when every push went out, else why the task failed
 */
public record PushSettled(SlowTask task, boolean sent, String error) {}
