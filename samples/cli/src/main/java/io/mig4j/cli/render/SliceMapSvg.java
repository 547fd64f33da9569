package io.mig4j.cli.render;

import io.mig4j.api.layout.SliceMap;
import io.mig4j.api.layout.SliceMap.Block;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * Draws {@link SliceMap}s as one standalone SVG document: one row per map (a GPU, or a layout), its label on the
 * left, its memory slices as columns of equal width (so a block's width is proportional to its slice count), each
 * GPU instance a labelled block over its slices (profile, GI id, compute instances, owner), in the colour of its
 * size (the terminal's, see {@link SliceMapText}). Instances held by a pod or claim get a dark outline and their
 * owner in a dark badge. Overlapping instances (an invalid layout) are stacked in lanes. Free slices are dashed.
 *
 * <p>Each instance is a {@code <g class="instance">} with {@code data-profile}, {@code data-start},
 * {@code data-size} and, when known, {@code data-gi} and {@code data-owner} attributes and a {@code <title>} (the
 * tooltip browsers show), so tools and tests can read the picture back. Text is XML-escaped.
 */
public final class SliceMapSvg {
    /** Pixels per memory slice. */
    static final int SLICE_WIDTH = 72;
    static final int LANE_HEIGHT = 66;
    private static final int MARGIN = 16;
    private static final int ROW_GAP = 18;
    private static final int RULER = 14;
    private static final int NOTE = 16;
    private static final int TITLE = 30;
    private static final int INSET = 2;
    private static final double CHAR_WIDTH = 0.6; // of the font size, for sans-serif text of ASCII names

    private SliceMapSvg() {
    }

    /** The SVG of {@code maps}, one row each, without a title. */
    public static String render(List<SliceMap> maps) {
        return render(null, maps, null);
    }

    /** The SVG of {@code maps} under {@code title} ({@code null}: none). */
    public static String render(String title, List<SliceMap> maps) {
        return render(title, maps, null);
    }

    /**
     * The SVG of {@code maps} under {@code title} ({@code null}: none), with each instance's owner taken from
     * {@code ownerOf} where it answers non-null (a pod or claim, e.g. {@code default/train-0}) and from the block
     * otherwise; {@code ownerOf} may be {@code null}.
     */
    public static String render(String title, List<SliceMap> maps, BiFunction<SliceMap, Block, String> ownerOf) {
        int maxSlices = maps.stream().mapToInt(SliceMap::slices).max().orElse(0);
        int labelWidth = Math.min(420, Math.max(120,
                (int) Math.ceil(maps.stream().mapToInt(m -> m.label().length()).max().orElse(0) * 13 * CHAR_WIDTH) + 20));
        int x0 = MARGIN + labelWidth;
        // a title wider than the rows widens the picture rather than being cut at its edge
        int titleWidth = title == null ? 0 : MARGIN + (int) Math.ceil(title.length() * 18 * CHAR_WIDTH) + MARGIN;
        int width = Math.max(x0 + Math.max(1, maxSlices) * SLICE_WIDTH + MARGIN, titleWidth);
        StringBuilder body = new StringBuilder();
        int y = MARGIN;
        if (title != null) {
            text(body, MARGIN, y + 18, 18, "bold", "#222", title, "title");
            y += TITLE;
        }
        for (SliceMap map : maps) {
            y = row(body, map, ownerOf, x0, y, labelWidth) + ROW_GAP;
        }
        int height = y - ROW_GAP + MARGIN;
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"" + height
                + "\" viewBox=\"0 0 " + width + " " + height + "\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n"
                + "<rect class=\"background\" x=\"0\" y=\"0\" width=\"" + width + "\" height=\"" + height
                + "\" fill=\"#ffffff\"/>\n" + body + "</svg>\n";
    }

    /**
     * Writes {@link #render(String, List, BiFunction)} to {@code file} (UTF-8), replacing it.
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(Path file, String title, List<SliceMap> maps, BiFunction<SliceMap, Block, String> ownerOf) {
        try {
            Files.writeString(file, render(title, maps, ownerOf), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Draws one map from {@code top}; returns the y below it. */
    private static int row(StringBuilder out, SliceMap map, BiFunction<SliceMap, Block, String> ownerOf, int x0,
                           int top, int labelWidth) {
        List<List<Block>> lanes = map.lanes();
        int laneCount = Math.max(1, lanes.size());
        boolean drawn = map.slices() > 0 && !(map.blocks().isEmpty() && !map.note().isEmpty());
        int blocksTop = top + RULER;
        int bottom = blocksTop + (drawn ? laneCount * LANE_HEIGHT : 0) + (map.note().isEmpty() ? 0 : NOTE);
        out.append("<g class=\"gpu\" data-label=\"").append(escape(map.label())).append("\" data-slices=\"")
                .append(map.slices()).append("\">\n");
        text(out, MARGIN, blocksTop + 20, 13, "bold", "#222", fit(map.label(), labelWidth - 8, 13), "label");
        if (!map.note().isEmpty()) {
            text(out, drawn ? x0 : MARGIN + labelWidth, bottom - 4, 11, "normal", "#8a5a00", map.note(), "note");
        }
        if (drawn) {
            for (int s = 0; s < map.slices(); s++) {
                int x = x0 + s * SLICE_WIDTH;
                text(out, x + 3, top + 11, 9, "normal", "#888", String.valueOf(s), "slice-number");
                out.append("<rect class=\"slice\" x=\"").append(x + INSET).append("\" y=\"").append(blocksTop + INSET)
                        .append("\" width=\"").append(SLICE_WIDTH - 2 * INSET).append("\" height=\"")
                        .append(laneCount * LANE_HEIGHT - 2 * INSET)
                        .append("\" rx=\"4\" fill=\"#f6f6f6\" stroke=\"#bbbbbb\" stroke-dasharray=\"4 3\"/>\n");
                if (map.isFree(s)) {
                    text(out, x + 8, blocksTop + 20, 11, "normal", "#999", "free", "free");
                }
            }
            for (int l = 0; l < lanes.size(); l++) {
                for (Block b : lanes.get(l)) {
                    String owner = ownerOf == null ? null : ownerOf.apply(map, b);
                    block(out, b, owner != null ? owner : b.owner(), x0, blocksTop + l * LANE_HEIGHT);
                }
            }
        }
        out.append("</g>\n");
        return bottom;
    }

    private static void block(StringBuilder out, Block b, String owner, int x0, int top) {
        int x = x0 + b.start() * SLICE_WIDTH + INSET;
        int w = b.size() * SLICE_WIDTH - 2 * INSET;
        int h = LANE_HEIGHT - 2 * INSET;
        int y = top + INSET;
        List<String> tooltip = new ArrayList<>();
        tooltip.add(b.profile() + " (profile ID " + b.profileId() + ") at memory slices " + b.start() + ":" + b.size());
        out.append("<g class=\"instance\" data-profile=\"").append(escape(b.profile())).append("\" data-start=\"")
                .append(b.start()).append("\" data-size=\"").append(b.size()).append('"');
        if (b.gpuInstanceId() != null) {
            out.append(" data-gi=\"").append(b.gpuInstanceId()).append('"');
            tooltip.add("GI " + b.gpuInstanceId());
        }
        if (owner != null) {
            out.append(" data-owner=\"").append(escape(owner)).append('"');
            tooltip.add("held by " + owner);
        }
        b.migDeviceUuids().forEach(tooltip::add);
        out.append(">\n<title>").append(escape(String.join("\n", tooltip))).append("</title>\n");
        out.append("<rect class=\"block\" x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(w)
                .append("\" height=\"").append(h).append("\" rx=\"5\" fill=\"").append(Palette.fill(b.profile()))
                .append("\" stroke=\"").append(owner != null ? "#222222" : "#555555").append("\" stroke-width=\"")
                .append(owner != null ? "2.5" : "1").append("\"/>\n");
        text(out, x + 6, y + 16, 13, "bold", "#111", fit(b.profile(), w - 10, 13), "profile");
        String detail = (b.gpuInstanceId() == null ? "" : "GI " + b.gpuInstanceId())
                + (b.migDeviceUuids().size() > 1 ? (b.gpuInstanceId() == null ? "" : ", ")
                + b.migDeviceUuids().size() + " CIs" : "");
        if (!detail.isEmpty()) {
            text(out, x + 6, y + 31, 11, "normal", "#333", fit(detail, w - 10, 11), "detail");
        }
        if (owner != null) {
            out.append("<rect class=\"owner-badge\" x=\"").append(x + 3).append("\" y=\"").append(y + h - 21)
                    .append("\" width=\"").append(w - 6).append("\" height=\"18\" rx=\"3\" fill=\"#222222\"/>\n");
            ownerText(out, owner, x + 7, y + h - 8, w - 12);
        }
        out.append("</g>\n");
    }

    /**
     * The owner in the badge: whole if it fits at 11 to 8 pixels, else without its namespace (the pod's name tells
     * more than {@code default/}), else cut.
     */
    private static void ownerText(StringBuilder out, String owner, int x, int y, int pixels) {
        int slash = owner.lastIndexOf('/');
        List<String> candidates = slash > 0 && slash < owner.length() - 1
                ? List.of(owner, owner.substring(slash + 1)) : List.of(owner);
        for (String candidate : candidates) {
            for (int size = 11; size >= 8; size--) {
                if (candidate.length() <= (int) (pixels / (size * CHAR_WIDTH))) {
                    text(out, x, y, size, "bold", "#ffffff", candidate, "owner");
                    return;
                }
            }
        }
        text(out, x, y, 8, "bold", "#ffffff", fit(candidates.get(candidates.size() - 1), pixels, 8), "owner");
    }

    private static void text(StringBuilder out, int x, int y, int size, String weight, String fill, String text,
                             String cssClass) {
        out.append("<text class=\"").append(cssClass).append("\" x=\"").append(x).append("\" y=\"").append(y)
                .append("\" font-size=\"").append(size).append('"');
        if (!"normal".equals(weight)) {
            out.append(" font-weight=\"").append(weight).append('"');
        }
        out.append(" fill=\"").append(fill).append("\">").append(escape(text)).append("</text>\n");
    }

    /** {@code s} cut (with {@code ~}) to what fits in {@code pixels} at font size {@code size}. */
    static String fit(String s, int pixels, int size) {
        return SliceMapText.fit(s, Math.max(1, (int) (pixels / (size * CHAR_WIDTH))));
    }

    /**
     * {@code s} as XML character data or attribute value: markup characters as entities, and characters XML 1.0
     * cannot hold at all (most control characters, lone surrogates) as {@code U+XXXX} text.
     */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                case '\n' -> sb.append("&#10;");
                default -> {
                    boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1));
                    if (pair) {
                        sb.append(c).append(s.charAt(++i));
                    } else if ((c < 0x20 && c != '\t') || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
                        sb.append(String.format(Locale.ROOT, "U+%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
