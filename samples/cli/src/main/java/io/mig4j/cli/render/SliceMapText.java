package io.mig4j.cli.render;

import io.mig4j.api.layout.SliceMap;
import io.mig4j.api.layout.SliceMap.Block;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a {@link SliceMap} for a terminal: one column per memory slice, each GPU instance a box over the slices it
 * occupies, labelled with its profile, GI id, number of compute instances (when more than one) and owner; free
 * slices are boxes labelled {@code free}. Plain ASCII, or with ANSI colours (one per instance size, see
 * {@link ColorMode} for when); both have the same characters, so the geometry never depends on the colours:
 * <pre>
 *    0        1        2        3        4        5        6        7
 *   +-----------------------------------+-----------------+--------+--------+
 *   |3g.40gb                            |2g.20gb          |1g.10gb |free    |
 *   |GI 1                               |GI 2             |GI 3    |        |
 *   +-----------------------------------+-----------------+--------+--------+
 * </pre>
 * Overlapping instances (an invalid layout) are stacked in rows ({@link SliceMap#lanes()}).
 */
public final class SliceMapText {
    /** Characters per memory slice, border included, for 8 slices (80-column terminals). */
    private static final int TARGET_WIDTH = 72;
    private static final String INDENT = "  ";

    private SliceMapText() {
    }

    /**
     * The picture, one line per row of text, each ending with a newline and indented by two spaces; without the
     * map's label (callers print it in their own words). A map with no slices or, with a note, no blocks (a GPU with
     * MIG disabled) is drawn as its note alone.
     */
    public static String render(SliceMap map, boolean color) {
        StringBuilder out = new StringBuilder();
        if (!hasPicture(map)) {
            out.append(INDENT).append(map.note().isEmpty() ? "no memory slices" : map.note()).append('\n');
            return out.toString();
        }
        int w = cellWidth(map.slices());
        StringBuilder ruler = new StringBuilder(INDENT);
        for (int s = 0; s < map.slices(); s++) {
            String n = String.valueOf(s);
            ruler.append(' ').append(n).append(" ".repeat(Math.max(0, w - 1 - n.length())));
        }
        out.append(ruler.toString().stripTrailing()).append('\n');
        List<List<Block>> lanes = map.lanes();
        if (lanes.isEmpty()) {
            lanes = List.of(List.of());
        }
        for (int i = 0; i < lanes.size(); i++) {
            drawLane(out, map, segments(map, lanes.get(i), i == 0), w, color);
        }
        if (!map.note().isEmpty()) {
            out.append(INDENT).append(map.note()).append('\n');
        }
        return out.toString();
    }

    /**
     * Whether {@link #render} draws slices for the map: it has slices, and blocks or no note (a GPU with MIG disabled
     * has only its note).
     */
    public static boolean hasPicture(SliceMap map) {
        return map.slices() > 0 && !(map.blocks().isEmpty() && !map.note().isEmpty());
    }

    /**
     * One line for lists of many layouts: a character per memory slice, the instance's position in the map
     * ({@code 1}-{@code 9}, then {@code a}-{@code z}) or {@code .} for a free slice, separated by spaces, as
     * {@link io.mig4j.api.layout.MigLayout#sliceMap()} writes it: {@code 1 1 1 1 2 2 3 .}. With colours each
     * instance's slices (and the spaces between them) take its colour, so the line reads as a bar.
     */
    public static String strip(SliceMap map, boolean color) {
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < map.slices(); s++) {
            int owner = ownerIndex(map, s);
            char c = owner < 0 ? '.' : owner < 9 ? (char) ('1' + owner) : (char) ('a' + owner - 9);
            if (s > 0) {
                boolean joined = owner >= 0 && owner == ownerIndex(map, s - 1);
                sb.append(color && joined ? Palette.ansi(map.blocks().get(owner).profile()) + " " + Palette.RESET : " ");
            }
            if (color && owner >= 0) {
                sb.append(Palette.ansi(map.blocks().get(owner).profile())).append(c).append(Palette.RESET);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The last block (the one drawn on top) that covers {@code slice}, or -1. */
    private static int ownerIndex(SliceMap map, int slice) {
        for (int i = map.blocks().size() - 1; i >= 0; i--) {
            if (map.blocks().get(i).covers(slice)) {
                return i;
            }
        }
        return -1;
    }

    static int cellWidth(int slices) {
        return Math.max(6, Math.min(16, TARGET_WIDTH / slices));
    }

    /** A run of memory slices in one row: an instance, free slices, or slices that only other rows use. */
    private record Segment(int start, int end, Block block, boolean free) {
        boolean boxed() {
            return block != null || free;
        }
    }

    private static List<Segment> segments(SliceMap map, List<Block> lane, boolean showFree) {
        List<Segment> out = new ArrayList<>();
        int s = 0;
        int next = 0;
        while (s < map.slices()) {
            Block b = next < lane.size() ? lane.get(next) : null;
            if (b != null && b.start() == s) {
                out.add(new Segment(s, b.end(), b, false));
                s = b.end();
                next++;
                continue;
            }
            int limit = b == null ? map.slices() : b.start();
            boolean free = showFree && map.isFree(s);
            int e = s + 1;
            while (e < limit && (showFree && map.isFree(e)) == free) {
                e++;
            }
            out.add(new Segment(s, e, null, free));
            s = e;
        }
        return out;
    }

    private static void drawLane(StringBuilder out, SliceMap map, List<Segment> segments, int w, boolean color) {
        List<List<String>> texts = new ArrayList<>();
        int rows = 1;
        for (Segment seg : segments) {
            List<String> t = text(seg, (seg.end() - seg.start()) * w - 1);
            texts.add(t);
            rows = Math.max(rows, t.size());
        }
        out.append(border(segments, w)).append('\n');
        for (int r = 0; r < rows; r++) {
            StringBuilder line = new StringBuilder(INDENT);
            for (int i = 0; i < segments.size(); i++) {
                Segment seg = segments.get(i);
                int inner = (seg.end() - seg.start()) * w - 1;
                boolean edge = seg.boxed() || (i > 0 && segments.get(i - 1).boxed());
                line.append(edge ? '|' : ' ');
                String cell = r < texts.get(i).size() ? texts.get(i).get(r) : "";
                cell = cell + " ".repeat(inner - cell.length());
                if (color && seg.block() != null) {
                    line.append(Palette.ansi(seg.block().profile()))
                            .append(seg.block().owner() != null && r == 0 ? Palette.BOLD : "")
                            .append(cell).append(Palette.RESET);
                } else if (color && seg.free() && !cell.isBlank()) {
                    line.append(Palette.DIM).append(cell).append(Palette.RESET);
                } else {
                    line.append(cell);
                }
            }
            line.append(segments.get(segments.size() - 1).boxed() ? '|' : ' ');
            out.append(line.toString().stripTrailing()).append('\n');
        }
        out.append(border(segments, w)).append('\n');
    }

    private static String border(List<Segment> segments, int w) {
        StringBuilder line = new StringBuilder(INDENT);
        for (int i = 0; i < segments.size(); i++) {
            Segment seg = segments.get(i);
            int inner = (seg.end() - seg.start()) * w - 1;
            boolean edge = seg.boxed() || (i > 0 && segments.get(i - 1).boxed());
            line.append(edge ? '+' : ' ').append((seg.boxed() ? "-" : " ").repeat(inner));
        }
        line.append(segments.get(segments.size() - 1).boxed() ? '+' : ' ');
        return line.toString().stripTrailing();
    }

    /** The lines inside a segment's box, each at most {@code width} characters. */
    private static List<String> text(Segment seg, int width) {
        List<String> lines = new ArrayList<>();
        if (seg.free()) {
            lines.add(fit("free", width));
        } else if (seg.block() != null) {
            Block b = seg.block();
            lines.addAll(wrap(b.profile(), width));
            if (b.gpuInstanceId() != null) {
                lines.add(fit("GI " + b.gpuInstanceId(), width));
            }
            if (b.migDeviceUuids().size() > 1) {
                lines.add(fit(b.migDeviceUuids().size() + " CIs", width));
            }
            if (b.owner() != null) {
                List<String> owner = wrap(b.owner(), width);
                lines.addAll(owner.size() <= 2 ? owner : List.of(owner.get(0), fit(owner.get(1) + "~~", width)));
            }
        }
        return lines;
    }

    /** {@code s}, cut to {@code width} with a {@code ~} marking the cut. */
    static String fit(String s, int width) {
        if (s.length() <= width) {
            return s;
        }
        return width <= 1 ? s.substring(0, Math.max(0, width)) : s.substring(0, width - 1) + "~";
    }

    /** {@code s} in lines of at most {@code width}, broken before a {@code +}, {@code -} or {@code /} where one fits. */
    static List<String> wrap(String s, int width) {
        List<String> lines = new ArrayList<>();
        String rest = s;
        while (rest.length() > width && width > 0) {
            int cut = -1;
            for (int i = width; i > 0; i--) {
                char c = rest.charAt(i);
                if (c == '+' || c == '-' || c == '/') {
                    cut = c == '/' ? i + 1 : i;
                    break;
                }
            }
            if (cut <= 0 || cut > width) {
                cut = width;
            }
            lines.add(rest.substring(0, cut));
            rest = rest.substring(cut);
        }
        lines.add(rest);
        return lines;
    }
}
