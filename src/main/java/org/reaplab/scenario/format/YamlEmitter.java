package org.reaplab.scenario.format;

import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.StreamDataWriter;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a tree of maps, lists and scalars as YAML in the layout of the format's examples: block
 * style for the structure, flow style for a small object or list whose members are all scalars
 * ({@code - { name: app, uid: 10123, mm: app_mm }}, {@code - pidfd_open: { pid: app, as: fd }},
 * {@code steps: [ps@mmput, lmkd*]}), a literal block for multi-line text. A string is written
 * plain only when it cannot be read back as anything but that string.
 */
final class YamlEmitter {

    /**
     * May be plain as far as Jackson's reading goes: starts with a letter or '_' (or is a -ERRNO). The
     * emitter itself still quotes what YAML syntax forbids plain (": ", " #", flow indicators in flow).
     */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][^\\n]*|-E[A-Z0-9]+");
    private static final Pattern RESERVED = Pattern.compile(
            "(?i)true|false|null|yes|no|on|off|y|n|nan|inf");

    private static final DumpSettings SETTINGS = DumpSettings.builder()
            .setIndent(2)
            .setWidth(110)
            .setExplicitStart(false)
            .build();

    private YamlEmitter() {}

    static String write(Map<String, Object> root) {
        StringBuilder out = new StringBuilder();
        new Dump(SETTINGS).dumpNode(node(root, ""), new StreamDataWriter() {
            @Override
            public void write(String str) {
                out.append(str);
            }

            @Override
            public void write(String str, int off, int len) {
                out.append(str, off, off + len);
            }
        });
        return out.toString();
    }

    /** {@code path} is the JSON pointer of the value ("/programs/lmkd"). */
    private static Node node(Object v, String path) {
        int depth = path.isEmpty() ? 0 : path.split("/").length - 1;
        if (v instanceof Map<?, ?> map) {
            List<NodeTuple> tuples = new ArrayList<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                tuples.add(new NodeTuple(string(key), node(e.getValue(), path + "/" + key.replace("/", "~1"))));
            }
            return new MappingNode(Tag.MAP, tuples, flow(map.values(), depth));
        }
        if (v instanceof List<?> list) {
            List<Node> items = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) items.add(node(list.get(i), path + "/" + i));
            // a program is always one operation per line, even when every operation is a bare name
            boolean program = path.startsWith("/programs/") && depth == 2;
            return new SequenceNode(Tag.SEQ, items, program ? FlowStyle.BLOCK : flow(list, depth));
        }
        if (v instanceof Boolean b) return new ScalarNode(Tag.BOOL, b.toString(), ScalarStyle.PLAIN);
        if (v instanceof Number n) return new ScalarNode(Tag.INT, n.toString(), ScalarStyle.PLAIN);
        if (v == null) return new ScalarNode(Tag.NULL, "null", ScalarStyle.PLAIN);
        return string(v.toString());
    }

    private static ScalarNode string(String s) {
        ScalarStyle style;
        if (s.contains("\n")) style = ScalarStyle.LITERAL;
        else if (PLAIN.matcher(s).matches() && !RESERVED.matcher(s).matches()) style = ScalarStyle.PLAIN;
        else style = ScalarStyle.DOUBLE_QUOTED;
        return new ScalarNode(Tag.STR, s, style);
    }

    /** Flow for a collection below the top two levels whose members are scalars or lists of scalars. */
    private static FlowStyle flow(java.util.Collection<?> members, int depth) {
        if (depth < 2) return FlowStyle.BLOCK;
        for (Object m : members) {
            if (m instanceof Map<?, ?>) return FlowStyle.BLOCK;
            if (m instanceof List<?> l && l.stream().anyMatch(o -> o instanceof Map<?, ?> || o instanceof List<?>)) {
                return FlowStyle.BLOCK;
            }
            if (m instanceof String s && s.contains("\n")) return FlowStyle.BLOCK;
        }
        return FlowStyle.FLOW;
    }
}
