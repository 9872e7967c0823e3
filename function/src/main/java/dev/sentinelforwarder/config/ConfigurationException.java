package dev.sentinelforwarder.config;

import java.util.List;

/** The configuration cannot work; the message lists every problem, one per line. */
public class ConfigurationException extends RuntimeException {
    private final List<String> problems;

    public ConfigurationException(List<String> problems) {
        super("the forwarder's configuration has " + problems.size() + " problem(s):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
