package dev.sentinelforwarder.handler.report;

import java.util.LinkedHashMap;
import java.util.Map;

/** Log line fields in the order given. */
public final class LogFields {
    private LogFields() {
    }

    public static Map<String, Object> of(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }
}
