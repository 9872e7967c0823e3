package dev.sentinelforwarder.backfill;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The day an object's logs belong to, from its key where the layout has one (CloudTrail, GuardDuty and flow
 * logs write {@code .../YYYY/MM/DD/...}, flow logs with Hive partitions {@code year=YYYY/month=MM/day=DD}),
 * else from when it was written: an object copied or restored later keeps its key's day.
 */
final class ObjectDates {
    private static final Pattern SLASHED = Pattern.compile("/(\\d{4})/(\\d{2})/(\\d{2})/");
    private static final Pattern HIVE = Pattern.compile("year=(\\d{4})/month=(\\d{2})/day=(\\d{2})/");

    private ObjectDates() {
    }

    /** The start of the object's day (UTC), or {@code lastModified} when the key names no valid day. */
    static Instant of(String key, Instant lastModified) {
        for (Pattern layout : new Pattern[] {SLASHED, HIVE}) {
            Matcher date = layout.matcher(key);
            if (date.find()) {
                try {
                    return LocalDate.of(Integer.parseInt(date.group(1)), Integer.parseInt(date.group(2)),
                            Integer.parseInt(date.group(3))).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (java.time.DateTimeException notADate) {
                    break;
                }
            }
        }
        return lastModified;
    }
}
