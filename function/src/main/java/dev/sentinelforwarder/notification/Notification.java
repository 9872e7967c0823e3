package dev.sentinelforwarder.notification;

import dev.sentinelforwarder.source.ObjectRef;

/** What one S3 record in a queue message asks for. */
public sealed interface Notification permits Notification.ObjectCreated, Notification.TestEvent, Notification.Ignored,
        Notification.ResumeObject, Notification.CheckDeployment, Notification.ReplayQuarantine {
    /** A new object version: read it and forward its rows. */
    record ObjectCreated(ObjectRef object) implements Notification {
    }

    /** The {@code s3:TestEvent} S3 sends when notifications are configured: nothing to read. */
    record TestEvent(String bucket) implements Notification {
    }

    /** The forwarder's own message to go on with an object from a record on. */
    record ResumeObject(Resume resume) implements Notification {
    }

    /**
     * A request to check the deployment's Azure side and log the result: {@code {"sentinelForwarderCheck": true}},
     * sent by hand after a deployment ({@code aws lambda invoke}); nothing is read or sent.
     */
    record CheckDeployment() implements Notification {
        public static final String FIELD = "sentinelForwarderCheck";
    }

    /**
     * A request to send again what one quarantine object holds, with today's readers, rule and configuration:
     * {@code {"sentinelForwarderReplay": {"bucket", "key", "eTag"}}}, sent by {@code ./forwarder replay} once the cause
     * of the quarantine is fixed. The ETag names the version replayed: one rewritten since is a new replay.
     */
    record ReplayQuarantine(ObjectRef quarantineObject) implements Notification {
        public static final String FIELD = "sentinelForwarderReplay";
    }

    /** An event that carries no new data (ObjectRemoved, restore, lifecycle...), by name. */
    record Ignored(String eventName) implements Notification {
    }
}
