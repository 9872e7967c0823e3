package dev.sentinelforwarder.handler;

/** S3 keys laid out as each AWS service writes them, for objects the tests make up. */
final class LogKeys {
    private LogKeys() {
    }

    static String vpc(String name) {
        return "AWSLogs/111122223333/vpcflowlogs/us-east-1/2026/11/22/" + name;
    }

    static String trail(String name) {
        return "AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/22/" + name;
    }

    static String guardDuty(String name) {
        return "AWSLogs/111122223333/GuardDuty/us-east-1/2026/11/22/" + name;
    }
}
