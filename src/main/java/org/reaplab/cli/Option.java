package org.reaplab.cli;

/**
 * One option of a command: {@code --name} alone (a flag) or {@code --name VALUE}.
 *
 * @param value what the value is called in the usage text ("V", "N"), or null for a flag
 */
public record Option(String name, String value) {
    public static Option flag(String name) {
        return new Option(name, null);
    }

    public static Option valued(String name, String value) {
        return new Option(name, value);
    }

    boolean takesValue() {
        return value != null;
    }

    String usage() {
        return value == null ? name : name + " " + value;
    }
}
