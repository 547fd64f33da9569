package io.mig4j.api.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the plain subset of JSON into plain Java values for {@link TreeNode}, without Jackson: the catalog is read at
 * the start of nearly every CLI command, and starting Jackson's mapper and parser (and the JDK's BigDecimal, whose
 * static tables Jackson's number handling initializes) cost more than reading the catalog itself (docs/BENCHMARKS.md,
 * "CLI start-up").
 *
 * <p>The subset (RFC 8259 JSON in UTF-8 without a byte-order mark: objects, arrays, strings, booleans, null and
 * integers that fit a {@code long}) is what the catalog uses; values are {@link LinkedHashMap}s (a repeated name:
 * the last value wins, in the first one's place, as in Jackson's tree), {@link List}s, {@link String}s,
 * {@link Integer}s (or {@link Long}s where an int is too small, as Jackson's int and long nodes), {@link Boolean}s
 * and {@link #NULL}. Anything else (a fraction or exponent, a bigger integer, another encoding, deep nesting, an empty
 * document, any syntax error) is not read here ({@link #read} returns null), and the caller hands the bytes to
 * Jackson, which then produces its own tree or its own error message. {@link TreeNode} reads both kinds of tree alike.
 */
public final class JsonTrees {
    /** Deeper documents go to the mapper (which has its own nesting limit), so this reader's recursion stays shallow. */
    private static final int MAX_DEPTH = 64;

    /** JSON's {@code null} (a map's absent key is Java's null). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private final String text;
    private int pos;

    private JsonTrees(String text) {
        this.text = text;
    }

    /** The tree of a document in the plain subset; null for anything else (for Jackson to read). */
    public static Object read(byte[] bytes) {
        if (bytes.length == 0 || (bytes[0] & 0xFF) == 0xEF) { // empty, or a UTF-8 byte-order mark
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        if (text.indexOf('\0') >= 0) { // UTF-16 or UTF-32, which the mapper detects
            return null;
        }
        JsonTrees reader = new JsonTrees(text);
        reader.skipWhitespace();
        Object root = reader.value(0);
        if (root == null) {
            return null;
        }
        reader.skipWhitespace();
        return reader.pos == text.length() ? root : null;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private Object value(int depth) {
        if (pos >= text.length() || depth > MAX_DEPTH) {
            return null;
        }
        char c = text.charAt(pos);
        if (c == '{') {
            pos++;
            Map<String, Object> o = new LinkedHashMap<>();
            skipWhitespace();
            if (pos < text.length() && text.charAt(pos) == '}') {
                pos++;
                return o;
            }
            while (true) {
                skipWhitespace();
                String name = string();
                skipWhitespace();
                if (name == null || !expect(':')) {
                    return null;
                }
                skipWhitespace();
                Object v = value(depth + 1);
                if (v == null) {
                    return null;
                }
                o.put(name, v); // a repeated name: the last one wins, as in Jackson's tree
                skipWhitespace();
                if (expect('}')) {
                    return o;
                }
                if (!expect(',')) {
                    return null;
                }
            }
        }
        if (c == '[') {
            pos++;
            List<Object> a = new ArrayList<>();
            skipWhitespace();
            if (pos < text.length() && text.charAt(pos) == ']') {
                pos++;
                return a;
            }
            while (true) {
                skipWhitespace();
                Object v = value(depth + 1);
                if (v == null) {
                    return null;
                }
                a.add(v);
                skipWhitespace();
                if (expect(']')) {
                    return a;
                }
                if (!expect(',')) {
                    return null;
                }
            }
        }
        if (c == '"') {
            String s = string();
            return s;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return integer();
        }
        if (word("true")) {
            return Boolean.TRUE;
        }
        if (word("false")) {
            return Boolean.FALSE;
        }
        if (word("null")) {
            return NULL;
        }
        return null;
    }

    private boolean expect(char c) {
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** A literal, which must not run on into more letters or digits ({@code truex} is an error for the mapper). */
    private boolean word(String w) {
        if (!text.startsWith(w, pos)) {
            return false;
        }
        int end = pos + w.length();
        if (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
            return false;
        }
        pos = end;
        return true;
    }

    /** An integer in JSON's syntax ({@code -?(0|[1-9][0-9]*)}) that fits a long: an Integer, or a Long where an int is too small. */
    private Object integer() {
        int start = pos;
        expect('-');
        int digits = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        int count = pos - digits;
        if (count == 0 || count > 18 || (count > 1 && text.charAt(digits) == '0')) {
            return null; // no digits, a leading zero, or possibly beyond a long: the mapper's
        }
        if (pos < text.length()) {
            char next = text.charAt(pos);
            if (next == '.' || next == 'e' || next == 'E' || Character.isLetterOrDigit(next)) {
                return null; // a fraction or exponent (a double node), or an error: the mapper's
            }
        }
        long value = Long.parseLong(text, start, pos, 10);
        return value == (int) value ? Integer.valueOf((int) value) : (Object) Long.valueOf(value);
    }

    /** A string with JSON's escapes; null on anything the mapper would reject or that is suspiciously long. */
    private String string() {
        if (!expect('"')) {
            return null;
        }
        StringBuilder sb = null;
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                String s = sb == null ? text.substring(start, pos) : sb.append(text, start, pos).toString();
                pos++;
                return s.length() > 10_000 ? null : s;
            }
            if (c < 0x20) {
                return null; // an unescaped control character
            }
            if (c == '\\') {
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(text, start, pos);
                if (pos + 1 >= text.length()) {
                    return null;
                }
                char e = text.charAt(pos + 1);
                pos += 2;
                switch (e) {
                    case '"': sb.append('"'); break;
                    case '\\': sb.append('\\'); break;
                    case '/': sb.append('/'); break;
                    case 'b': sb.append('\b'); break;
                    case 'f': sb.append('\f'); break;
                    case 'n': sb.append('\n'); break;
                    case 'r': sb.append('\r'); break;
                    case 't': sb.append('\t'); break;
                    case 'u':
                        if (pos + 4 > text.length()) {
                            return null;
                        }
                        int code = 0;
                        for (int i = 0; i < 4; i++) {
                            int d = Character.digit(text.charAt(pos + i), 16);
                            if (d < 0) {
                                return null;
                            }
                            code = code * 16 + d;
                        }
                        if (Character.isSurrogate((char) code)) {
                            return null; // half of a pair: how it combines is the mapper's business
                        }
                        sb.append((char) code);
                        pos += 4;
                        break;
                    default:
                        return null;
                }
                start = pos;
                continue;
            }
            pos++;
        }
        return null;
    }
}
