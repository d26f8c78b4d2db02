package org.reaplab.scenario.format;

import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLParser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads JSON or YAML text into a {@link SourceNode} tree by streaming the tokens, so that every value
 * keeps its line, column and JSON pointer. A syntax error ends the reading with exactly one problem at
 * the parser's position; duplicate keys and YAML aliases are reported and reading goes on.
 */
final class SourceReader {
    /** Deeper than any scenario needs; keeps hostile input from exhausting the stack. */
    static final int MAX_DEPTH = 64;
    /** Reading stops after this many problems: a hostile paste cannot make the parse's work grow with them. */
    static final int MAX_PROBLEMS = 1000;

    private static final JsonFactory JSON = new JsonFactory();
    private static final YAMLFactory YAML = new YAMLFactory();

    /**
     * @param root  the document, null after a syntax error
     * @param index every value by its JSON pointer
     */
    record Result(SourceNode root, Map<String, SourceNode> index, List<Problem> problems, boolean syntaxError) {}

    private final String source;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, SourceNode> byPointer = new HashMap<>();
    private String at = "";
    private JsonParser parser;

    private String text = "";

    private SourceReader(String source) {
        this.source = source;
    }

    /** JSON when the first non-blank character is '{', YAML otherwise. */
    static boolean looksLikeJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\uFEFF' || Character.isWhitespace(c)) continue;
            return c == '{';
        }
        return false;
    }

    static Result read(String text, String source) {
        return new SourceReader(source).run(text);
    }

    private Result run(String text) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1);
        this.text = text;
        boolean json = looksLikeJson(text);
        TokenStreamFactory factory = json ? JSON : YAML;
        try (JsonParser p = factory.createParser(ObjectReadContext.empty(), text)) {
            parser = p;
            JsonToken t = p.nextToken();
            if (t == null) {
                return syntax(1, 1, "the file is empty; expected a scenario (an object with version, name, title, ...)");
            }
            SourceNode root = value(t, "", 0);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                TokenStreamLocation l = p.currentTokenLocation();
                return syntax(l.getLineNr(), l.getColumnNr(), json
                        ? "unexpected content after the end of the scenario object"
                        : "a second YAML document ('---'); a file holds exactly one scenario");
            }
            return new Result(root, byPointer, problems, false);
        } catch (TooMany e) {
            List<Problem> all = new ArrayList<>(problems);
            all.add(new Problem(source, e.line, e.column, at, "reading stopped after " + MAX_PROBLEMS + " problems"));
            return new Result(null, Map.of(), all, true);
        } catch (TooDeep e) {
            return syntax(e.line, e.column, "values nested deeper than " + MAX_DEPTH + " levels");
        } catch (JacksonException e) {
            return syntaxError(e);
        } catch (RuntimeException e) {
            // defensive: nothing a user writes may escape as an exception
            return syntax(1, 1, "the file could not be read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())));
        }
    }

    private SourceNode value(JsonToken t, String pointer, int depth) {
        TokenStreamLocation loc = parser.currentTokenLocation();
        int line = Math.max(1, loc.getLineNr()), column = Math.max(1, loc.getColumnNr());
        at = pointer;
        SourceNode node;
        switch (t) {
            case START_OBJECT: {
                if (depth >= MAX_DEPTH) throw new TooDeep(line, column);
                node = SourceNode.object(pointer, line, column);
                JsonToken k;
                while ((k = parser.nextToken()) != JsonToken.END_OBJECT) {
                    if (k != JsonToken.PROPERTY_NAME) throw new IllegalStateException("expected a key, got " + k);
                    TokenStreamLocation kl = parser.currentTokenLocation();
                    String key = parser.currentName();
                    String childPointer = SourceNode.child(pointer, key);
                    at = childPointer;
                    SourceNode child = value(parser.nextToken(), childPointer, depth + 1);
                    child.keyLine = Math.max(1, kl.getLineNr());
                    child.keyColumn = Math.max(1, kl.getColumnNr());
                    if (node.fields.containsKey(key)) {
                        problem(new Problem(source, child.keyLine, child.keyColumn, childPointer,
                                "duplicate key '" + key + "'; each key may appear once in an object"));
                    } else {
                        node.fields.put(key, child);
                    }
                    at = pointer;
                }
                break;
            }
            case START_ARRAY: {
                if (depth >= MAX_DEPTH) throw new TooDeep(line, column);
                node = SourceNode.array(pointer, line, column);
                JsonToken i;
                while ((i = parser.nextToken()) != JsonToken.END_ARRAY) {
                    node.items.add(value(i, SourceNode.child(pointer, node.items.size()), depth + 1));
                    at = pointer;
                }
                break;
            }
            case VALUE_STRING:
                if (parser instanceof YAMLParser y && y.isCurrentAlias()) {
                    problem(new Problem(source, line, column, pointer, "YAML aliases (*" + parser.getString()
                            + ") are not supported; write the value out in full"));
                }
                node = SourceNode.string(pointer, line, column, parser.getString());
                break;
            case VALUE_NUMBER_INT:
                node = SourceNode.integer(pointer, line, column, parser.getBigIntegerValue());
                break;
            case VALUE_NUMBER_FLOAT:
                node = SourceNode.decimal(pointer, line, column, parser.getString());
                break;
            case VALUE_TRUE:
            case VALUE_FALSE:
                node = SourceNode.bool(pointer, line, column, t == JsonToken.VALUE_TRUE);
                break;
            case VALUE_NULL:
                node = SourceNode.nul(pointer, line, column);
                break;
            default:
                problem(new Problem(source, line, column, pointer, "unsupported value (" + t + ")"));
                node = SourceNode.nul(pointer, line, column);
        }
        byPointer.put(pointer, node);
        return node;
    }

    private void problem(Problem p) {
        problems.add(p);
        if (problems.size() >= MAX_PROBLEMS) throw new TooMany(p.line(), p.column());
    }

    private Result syntaxError(JacksonException e) {
        // snakeyaml's own mark is the precise one (Jackson reports the start of the current token)
        Throwable cause = e.getCause();
        if (cause instanceof MarkedYamlEngineException m) {
            Optional<Mark> mark = m.getProblemMark();
            if (mark.isPresent()) {
                String problem = m.getProblem() == null ? "invalid YAML" : m.getProblem().replace("\\t(TAB)", "tab").replace("\t(TAB)", "tab");
                String context = m.getContext();
                Optional<Mark> cm = m.getContextMark();
                String msg = "YAML syntax error: " + problem
                        + (context != null && cm.isPresent()
                        ? " (" + context + " at line " + (cm.get().getLine() + 1) + ", column " + (cm.get().getColumn() + 1) + ")"
                        : "");
                return syntax(mark.get().getLine() + 1, mark.get().getColumn() + 1, msg);
            }
        }
        if (cause instanceof ReaderException r) {
            // a character YAML does not allow (a control character): snakeyaml gives its offset in the text
            int[] lc = lineColumn(r.getPosition());
            return syntax(lc[0], lc[1], String.format("YAML syntax error: the character U+%04X is not allowed here"
                    + " (control characters must be escaped in a double-quoted string)", r.getCodePoint()));
        }
        TokenStreamLocation l = e.getLocation();
        if ((l == null || l.getLineNr() < 1) && parser != null) {
            // some limits (a number of too many digits) are reported without a location: the token is the spot
            l = parser.currentTokenLocation();
        }
        int line = l == null ? 1 : Math.max(1, l.getLineNr());
        int column = l == null ? 1 : Math.max(1, l.getColumnNr());
        String kind = parser instanceof YAMLParser ? "YAML" : "JSON";
        return syntax(line, column, kind + " syntax error: " + clean(e.getOriginalMessage()));
    }

    /** 1-based line and column of a char offset in the text. */
    private int[] lineColumn(int offset) {
        int line = 1, column = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }

    private static String clean(String message) {
        if (message == null) return "invalid input";
        String m = message.replaceAll("\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)", "")
                .replaceAll("\\s*at \\[Source:[^\\]]*\\]", "");
        return firstLine(m.strip());
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl).strip();
    }

    private Result syntax(int line, int column, String message) {
        return new Result(null, Map.of(), List.of(new Problem(source, line, column, at, message)), true);
    }

    private static final class TooMany extends RuntimeException {
        final int line, column;

        TooMany(int line, int column) {
            super(null, null, false, false);
            this.line = line;
            this.column = column;
        }
    }

    private static final class TooDeep extends RuntimeException {
        final int line, column;

        TooDeep(int line, int column) {
            super(null, null, false, false);
            this.line = line;
            this.column = column;
        }
    }
}
