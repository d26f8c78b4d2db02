package org.reaplab.scenario.format;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value of a scenario file as read, with where it is: the tree the parser maps to records by hand
 * so that every mistake can be reported with its line, column and JSON pointer.
 */
final class SourceNode {

    enum Kind { OBJECT, ARRAY, STRING, INTEGER, DECIMAL, BOOLEAN, NULL }

    final Kind kind;
    final String pointer;
    /** Where the value starts (1-based). */
    final int line, column;
    /** Where its key starts, for a member of an object; else the value's own position. */
    int keyLine, keyColumn;
    /** STRING: the text; DECIMAL: the number as written. */
    final String text;
    final BigInteger integer;
    final Boolean bool;
    final Map<String, SourceNode> fields;
    final List<SourceNode> items;

    private SourceNode(Kind kind, String pointer, int line, int column, String text, BigInteger integer, Boolean bool,
                       Map<String, SourceNode> fields, List<SourceNode> items) {
        this.kind = kind;
        this.pointer = pointer;
        this.line = line;
        this.column = column;
        this.keyLine = line;
        this.keyColumn = column;
        this.text = text;
        this.integer = integer;
        this.bool = bool;
        this.fields = fields;
        this.items = items;
    }

    static SourceNode object(String pointer, int line, int column) {
        return new SourceNode(Kind.OBJECT, pointer, line, column, null, null, null, new LinkedHashMap<>(), null);
    }

    static SourceNode array(String pointer, int line, int column) {
        return new SourceNode(Kind.ARRAY, pointer, line, column, null, null, null, null, new java.util.ArrayList<>());
    }

    static SourceNode string(String pointer, int line, int column, String text) {
        return new SourceNode(Kind.STRING, pointer, line, column, text, null, null, null, null);
    }

    static SourceNode integer(String pointer, int line, int column, BigInteger value) {
        return new SourceNode(Kind.INTEGER, pointer, line, column, value.toString(), value, null, null, null);
    }

    static SourceNode decimal(String pointer, int line, int column, String text) {
        return new SourceNode(Kind.DECIMAL, pointer, line, column, text, null, null, null, null);
    }

    static SourceNode bool(String pointer, int line, int column, boolean value) {
        return new SourceNode(Kind.BOOLEAN, pointer, line, column, Boolean.toString(value), null, value, null, null);
    }

    static SourceNode nul(String pointer, int line, int column) {
        return new SourceNode(Kind.NULL, pointer, line, column, null, null, null, null, null);
    }

    boolean isObject() {
        return kind == Kind.OBJECT;
    }

    boolean isArray() {
        return kind == Kind.ARRAY;
    }

    boolean isString() {
        return kind == Kind.STRING;
    }

    boolean isInteger() {
        return kind == Kind.INTEGER;
    }

    boolean isNull() {
        return kind == Kind.NULL;
    }

    SourceNode get(String key) {
        return fields == null ? null : fields.get(key);
    }

    /** What the value is, for messages: "the string 'abc'", "a list", "the number 12". */
    String describe() {
        switch (kind) {
            case OBJECT: return "an object";
            case ARRAY: return "a list";
            case STRING: return "the string '" + abbreviate(text) + "'";
            case INTEGER:
            case DECIMAL: return "the number " + abbreviate(text);
            case BOOLEAN: return text;
            default: return "null";
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /** RFC 6901: "~" is written "~0" and "/" is written "~1" in a reference token. */
    static String child(String pointer, String key) {
        return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    static String child(String pointer, int index) {
        return pointer + "/" + index;
    }
}
