package dev.sentinelforwarder.queue;

import dev.sentinelforwarder.clock.Deadline;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * While an object is worked on, keeps its message invisible until shortly after the invocation's end, so
 * SQS does not hand it to a second invocation at the same time. Beats once at start and then every
 * {@code interval} on a virtual thread; a failed beat is reported, not fatal.
 */
public final class Heartbeat implements AutoCloseable {
    /** Invisible this long past the deadline: room for Lambda to delete the message or let it return. */
    static final Duration AFTER_DEADLINE = Duration.ofMinutes(2);

    private final Thread thread;

    private Heartbeat(Thread thread) {
        this.thread = thread;
    }

    public static Heartbeat start(MessageQueue queue, String queueArn, String receiptHandle, Deadline deadline,
            Duration interval, Consumer<RuntimeException> onFailure) {
        Runnable beat = () -> {
            try {
                queue.extendVisibility(queueArn, receiptHandle, deadline.remaining().plus(AFTER_DEADLINE));
            } catch (RuntimeException e) {
                onFailure.accept(e);
            }
        };
        beat.run();
        Thread thread = Thread.ofVirtual().name("heartbeat").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    return;
                }
                beat.run();
            }
        });
        return new Heartbeat(thread);
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
