package org.reaplab.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Scenario descriptions as the pages show them: always as text (never markup), with `code` spans and
 * paragraphs kept. A template renders each {@link Segment} with th:text, so nothing in a description
 * can become HTML.
 */
public final class Prose {
    private Prose() {}

    /** A run of text; {@code code} when it was between backticks. */
    public record Segment(String text, boolean code) {}

    // Citations of the semantics reference (kernel-model.md), which a visitor does not have: a leading
    // "kernel-model.md S2: " or "kernel-model.md S5, ", a "(kernel-model.md S1)" or "(inferred, kernel-model.md 0.3 item 6)".
    private static final Pattern LEADING_CITATION = Pattern.compile("^kernel-model\\.md [^\\s:,.]+(?: \\([^)]*\\))?[:,.]?\\s*");
    // Each match starts where a run of spaces starts ((?<!\\s)): tried from every space of a long run, the
    // leading \\s* made these quadratic (32,000 spaces in an uploaded description: 8 s for one card).
    private static final Pattern CITATION = Pattern.compile("(?<!\\s)\\s*\\((?:[^()]*?,\\s*)?kernel-model\\.md[^()]*(?:\\([^()]*\\)[^()]*)*\\)|,?(?<!\\s)\\s*kernel-model\\.md [0-9A-Za-z.']+(?: item \\d+)?");
    private static final Pattern PARAGRAPH = Pattern.compile("\\r?\\n\\s*\\r?\\n");
    private static final Pattern LINE_BREAK = Pattern.compile("(?<!\\s)\\s*\\r?\\n\\s*");

    /** The text without citations of the semantics reference, for pages whose readers do not have it. */
    public static String withoutCitations(String text) {
        String t = LEADING_CITATION.matcher(text).replaceFirst("");
        t = CITATION.matcher(t).replaceAll("");
        if (!t.isEmpty() && Character.isLowerCase(t.charAt(0)) && t != text) t = Character.toUpperCase(t.charAt(0)) + t.substring(1);
        return t;
    }

    /** Paragraphs (separated by blank lines), each a list of segments, single line breaks kept as spaces. */
    public static List<List<Segment>> paragraphs(String description) {
        List<List<Segment>> out = new ArrayList<>();
        if (description == null) return out;
        for (String p : PARAGRAPH.split(withoutCitations(description.strip()))) {
            String joined = LINE_BREAK.matcher(p.strip()).replaceAll(" ");
            if (!joined.isEmpty()) out.add(segments(joined));
        }
        return out;
    }

    /** The first paragraph, cut at a word boundary near {@code max} characters. */
    public static List<Segment> summary(String description, String fallback, int max) {
        List<List<Segment>> ps = paragraphs(description);
        String first = ps.isEmpty() ? (fallback == null ? "" : fallback) : join(ps.get(0));
        if (first.length() > max) {
            int cut = first.lastIndexOf(' ', max);
            first = first.substring(0, cut > max / 2 ? cut : max).replaceAll("[\\s,;:(`]+$", "") + "…";
            if (count(first, '`') % 2 == 1) first = first.replace("…", "`…");
        }
        return segments(first);
    }

    public static List<Segment> segments(String text) {
        List<Segment> out = new ArrayList<>();
        String[] parts = text.split("`", -1);
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isEmpty()) continue;
            boolean code = i % 2 == 1 && i < parts.length - 1;
            out.add(new Segment(code || i % 2 == 0 ? parts[i] : "`" + parts[i], code));
        }
        return out;
    }

    private static String join(List<Segment> segments) {
        StringBuilder b = new StringBuilder();
        for (Segment s : segments) b.append(s.code() ? "`" + s.text() + "`" : s.text());
        return b.toString();
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) == c) n++;
        return n;
    }
}
