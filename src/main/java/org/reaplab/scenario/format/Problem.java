package org.reaplab.scenario.format;

/**
 * One mistake in a scenario file: where it is and what is wrong.
 *
 * @param source  the file name (or "upload", "editor", ...) given to the parser
 * @param line    1-based line
 * @param column  1-based column
 * @param pointer JSON pointer (RFC 6901) of the value at fault, "" for the whole document,
 *                e.g. "/programs/lmkd/1/kill_and_reap/pidfd"
 * @param message what is wrong and what is expected
 */
public record Problem(String source, int line, int column, String pointer, String message) {

    /** "file.yaml:12:5: /processes/0/uid: missing required field 'uid' ...". */
    public String format() {
        return source + ":" + line + ":" + column + ": " + (pointer.isEmpty() ? "" : pointer + ": ") + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
